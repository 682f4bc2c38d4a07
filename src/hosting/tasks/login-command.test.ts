import { describe, expect, it } from 'vitest';
import { parsePlatform } from '../../model/platform.js';
import { Secret } from '../../model/secrets.js';
import { parseSite } from '../../model/site.js';
import { loginCommand, siteUrl } from './login-command.js';

const site = parseSite({ uri: 'd.example', platform: '@d10', db: '@db1', status: 'enabled' });
const platform = (app: string) => parsePlatform({ alias: '@d10', root: '/srv/d10/web', app, web: '@web1' });

describe('login links', () => {
  it('Drupal: drush user:login for the site uri, as the web user, in the platform root', () => {
    expect(loginCommand(site, platform('drupal'), '/srv/d10/vendor/bin/drush', 'www-data')).toEqual({
      argv: ['/srv/d10/vendor/bin/drush', '--root=/srv/d10/web', '--uri=http://d.example', 'user:login', '--no-browser'],
      cwd: '/srv/d10/web',
      user: 'www-data',
    });
  });

  it('use https for a site that serves it', () => {
    const cert = { chain: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', key: new Secret('k'), notAfter: '2030-01-01T00:00:00Z', names: ['d.example'], issuer: 'self-signed' as const };
    expect(siteUrl({ ...site, tls: 'on', certificate: cert })).toBe('https://d.example');
    expect(siteUrl({ ...site, tls: 'on' })).toBe('http://d.example');
  });

  it.each(['mediawiki', 'wordpress', 'php'])('say plainly that %s sites have none', (app) => {
    expect(() => loginCommand(site, platform(app), undefined, 'www-data')).toThrow(`a one-time login link is not available for ${app} sites`);
  });

  it('say so when the Drupal platform has no drush', () => {
    expect(() => loginCommand(site, platform('drupal'), undefined, 'www-data')).toThrow(/needs drush/);
  });
});
