import { describe, expect, it } from 'vitest';
import { parseCluster } from './cluster.js';
import { AegirError } from './errors.js';
import type { Inventory } from './inventory.js';
import { checkRemovalPath, ownedPathsOn, removalConflicts, siteDirOf } from './owned-paths.js';
import { parsePlatform } from './platform.js';
import { parseServerInput } from './server-input.js';
import { parseSite } from './site.js';

const web1 = parseServerInput({ alias: '@web1', host: '10.0.0.11', http: 'nginx' });
const web2 = parseServerInput({ alias: '@web2', host: '10.0.0.12', http: 'nginx' });
const hub = parseServerInput({ alias: '@localhost', host: 'localhost', http: 'nginx', files: 'local' });
const farm = parseCluster({ alias: '@farm', servers: ['@web1', '@web2'] });

/**
 * A nested layout as it could be found in a database written without validation: @inner's root
 * inside @outer's, and @insite's root inside the directory of one of @outer's sites.
 */
const nested: Inventory = {
  servers: [web1, web2, hub],
  clusters: [farm],
  platforms: [
    parsePlatform({ alias: '@outer', root: '/var/www/outer', app: 'php', web: '@farm', source: '/srv/build/outer' }),
    parsePlatform({ alias: '@inner', root: '/var/www/outer/inner', app: 'php', web: '@web1' }),
    parsePlatform({ alias: '@insite', root: '/var/www/outer/sites/a.example.com/code', app: 'php', web: '@web2' }),
    parsePlatform({ alias: '@apart', root: '/var/www/apart', app: 'php', web: '@farm' }),
    parsePlatform({ alias: '@local', root: '/var/www/local', app: 'php', web: '@localhost', source: '/srv/build' }),
  ],
  sites: [
    parseSite({ uri: 'a.example.com', platform: '@outer', db: '@db1', status: 'enabled' }),
    parseSite({ uri: 'b.example.com', platform: '@inner', db: '@db1', status: 'enabled' }),
    parseSite({ uri: 'c.example.com', platform: '@apart', db: '@db1', status: 'disabled' }),
    parseSite({ uri: 'gone.example.com', platform: '@apart', db: '@db1', status: 'deleted' }),
  ],
  clients: [],
};

function refusal(run: () => void): AegirError {
  try {
    run();
  } catch (error) {
    if (error instanceof AegirError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('what each entity owns on a server', () => {
  it('lists platform roots and site directories of the platforms a server serves, directly or in a cluster', () => {
    expect(ownedPathsOn(nested, '@web2').map((o) => `${o.what}: ${o.path}`)).toEqual([
      'the root of platform @outer: /var/www/outer',
      'the directory of site @a.example.com: /var/www/outer/sites/a.example.com',
      'the root of platform @insite: /var/www/outer/sites/a.example.com/code',
      'the root of platform @apart: /var/www/apart',
      'the directory of site @c.example.com: /var/www/apart/sites/c.example.com',
    ]);
  });

  it('on the hub, also the sources it pushes from', () => {
    expect(ownedPathsOn(nested, '@localhost').map((o) => o.path)).toEqual(['/srv/build/outer', '/srv/build', '/var/www/local']);
  });

  it('puts a site in its platform root', () => {
    expect(siteDirOf({ root: '/var/www/p' }, 'x.example.com')).toBe('/var/www/p/sites/x.example.com');
  });
});

describe('a removal never deletes what another entity owns', () => {
  it('refuses to delete a platform root that holds another platform (exit 2, naming it)', () => {
    const error = refusal(() => checkRemovalPath(nested, { server: '@web1', path: '/var/www/outer', owner: { kind: 'platform', alias: '@outer' } }));
    expect(error.code).toBe('path_owned');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'cannot remove /var/www/outer on @web1 for platform @outer: it contains the directory of site @a.example.com (/var/www/outer/sites/a.example.com); ' +
        'a removal never deletes what another entity owns: move or remove that entity first',
    );
    const conflicts = removalConflicts(nested, { server: '@web1', path: '/var/www/outer', owner: { kind: 'platform', alias: '@outer' } });
    expect(conflicts.map((c) => c.owner.alias)).toEqual(['@a.example.com', '@inner', '@b.example.com']);
  });

  it('refuses to delete a platform root inside another platform root', () => {
    expect(refusal(() => checkRemovalPath(nested, { server: '@web1', path: '/var/www/outer/inner', owner: { kind: 'platform', alias: '@inner' } })).message)
      .toContain('it is inside the root of platform @outer (/var/www/outer)');
  });

  it('refuses to delete a site directory that holds another platform, or that lies in another platform', () => {
    expect(refusal(() => checkRemovalPath(nested, { server: '@web2', path: '/var/www/outer/sites/a.example.com', owner: { kind: 'site', alias: '@a.example.com' } })).message)
      .toContain('it contains the root of platform @insite (/var/www/outer/sites/a.example.com/code)');
    expect(refusal(() => checkRemovalPath(nested, { server: '@web1', path: '/var/www/outer/inner/sites/b.example.com', owner: { kind: 'site', alias: '@b.example.com' } })).message)
      .toContain('it is inside the root of platform @outer (/var/www/outer)');
  });

  it('refuses a path that is exactly what another entity owns', () => {
    expect(refusal(() => checkRemovalPath(nested, { server: '@web1', path: '/var/www/apart/sites/c.example.com', owner: { kind: 'site', alias: '@x.example.com' } })).message)
      .toContain('it is the directory of site @c.example.com');
  });

  it("refuses to remove a platform's source on the hub", () => {
    expect(refusal(() => checkRemovalPath(nested, { server: '@localhost', path: '/srv/build', owner: { kind: 'platform', alias: '@other' } })).message)
      .toContain('it is the source of platform @local on the hub');
  });

  it('lets a site go from its own platform and a platform without sites go; ignores other servers and deleted sites', () => {
    checkRemovalPath(nested, { server: '@web1', path: '/var/www/apart/sites/c.example.com', owner: { kind: 'site', alias: '@c.example.com' } });
    checkRemovalPath(nested, { server: '@web1', path: '/var/www/apart/sites/gone.example.com', owner: { kind: 'site', alias: '@gone.example.com' } });
    checkRemovalPath(nested, { server: '@localhost', path: '/var/www/outer', owner: { kind: 'platform', alias: '@nothing' } });
    const empty = { ...nested, sites: nested.sites.filter((s) => s.platform !== '@apart') };
    checkRemovalPath(empty, { server: '@web1', path: '/var/www/apart', owner: { kind: 'platform', alias: '@apart' } });
  });
});
