import { describe, expect, it } from 'vitest';
import { parsePlatform } from '../../model/platform.js';
import { parseSite } from '../../model/site.js';
import { checkVhostPaths, urlPathOf, vhostInputOf } from './site-paths.js';

const platform = parsePlatform({ alias: '@mw139', root: '/srv/platforms/mw139', app: 'mediawiki', web: '@web' });

describe('vhost input of a site', () => {
  it('uses the platform root and the default site directories', () => {
    const site = parseSite({ uri: 'wiki.example.com', platform: '@mw139', db: '@db1', aliases: 'w.example.com', redirect: true, status: 'enabled' });
    expect(vhostInputOf(site, platform)).toEqual({
      uri: 'wiki.example.com', aliases: ['w.example.com'], redirect: true, enabled: true, app: 'mediawiki',
      docRoot: '/srv/platforms/mw139', siteDir: '/srv/platforms/mw139/sites/wiki.example.com',
      publicFilesDir: '/srv/platforms/mw139/sites/wiki.example.com/files',
      privateFilesDir: '/srv/platforms/mw139/sites/wiki.example.com/private',
    });
  });

  it('is disabled only for a disabled site, and takes other directories when given', () => {
    const site = parseSite({ uri: 'a.example.com', platform: '@mw139', db: '@db1', status: 'disabled' });
    expect(vhostInputOf(site, platform).enabled).toBe(false);
    expect(vhostInputOf({ ...site, status: 'new' }, platform).enabled).toBe(true);
    expect(vhostInputOf(site, platform, { publicFilesDir: '/srv/platforms/mw139/images', enabled: true }))
      .toMatchObject({ publicFilesDir: '/srv/platforms/mw139/images', enabled: true });
  });
});

describe('paths in a vhost', () => {
  it('map a directory under the document root to its URL path', () => {
    expect(urlPathOf('/srv/p', '/srv/p/sites/a/files', 'f')).toBe('/sites/a/files/');
    expect(urlPathOf('/srv/p', '/srv/pp/files', 'f')).toBeUndefined();
    expect(urlPathOf('/', '/files', 'f')).toBe('/files/');
    expect(() => urlPathOf('/srv/p', '/srv/p', 'publicFilesDir')).toThrow(/^publicFilesDir: .*document root/);
  });

  it('refuse relative or unnormalised paths before rendering', () => {
    const site = vhostInputOf(parseSite({ uri: 'a.example.com', platform: '@mw139', db: '@db1' }), platform);
    expect(() => checkVhostPaths(site)).not.toThrow();
    expect(() => checkVhostPaths({ ...site, siteDir: 'srv/x' })).toThrow(/^siteDir: /);
    expect(() => checkVhostPaths({ ...site, docRoot: '/srv/p/' })).toThrow(/^docRoot: /);
    expect(() => checkVhostPaths({ ...site, publicFilesDir: '/srv/../etc' })).toThrow(/^publicFilesDir: /);
  });
});
