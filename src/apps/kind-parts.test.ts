import { describe, expect, it } from 'vitest';
import { APP_KINDS } from '../model/platform.js';
import { exampleSite } from '../../test/support/samples/app-examples.js';
import { appKind } from './registry.js';
import { appSiteInput } from './site-input.js';

/** Whether an rsync pattern anchored at the root (`*` = one path segment, a trailing `/` = a directory) covers `relative`. */
function covers(pattern: string, relative: string): boolean {
  const dir = pattern.endsWith('/');
  const parts = pattern.replace(/^\//, '').replace(/\/$/, '').split('/');
  const segments = relative.split('/');
  if (dir ? segments.length < parts.length : segments.length !== parts.length) return false;
  return parts.every((part, i) => part === '*' || part === segments[i]);
}

const ROOT = '/var/aegir/platforms/app1';
const SITES = [{ uri: 'www.example.com', aliases: ['example.com'] }];

describe.each(APP_KINDS)('the %s kind', (name) => {
  const kind = appKind(name);
  const site = exampleSite(name === 'drupal' ? { drupalMajor: 10 } : {});

  it('spares in a code push every settings file, directory and platform file it writes', () => {
    const written = [
      ...kind.settingsFiles(site).map((file) => file.path),
      ...kind.directories(site).filter((dir) => dir.path !== site.siteDir).map((dir) => dir.path),
      ...kind.platformFiles(ROOT, SITES).map((file) => file.path),
    ];
    for (const path of written) {
      const relative = path.slice(`${ROOT}/`.length);
      expect(kind.pushExcludes.some((pattern) => covers(pattern, relative)), `${path} is not excluded`).toBe(true);
    }
  });

  it('lays out sites as the app inputs read them', () => {
    const dirs = kind.layout.dirsOf(ROOT, 'www.example.com');
    const input = appSiteInput({ uri: 'www.example.com', platformRoot: ROOT, db: site.db, hashSalt: site.hashSalt, webGroup: 'www-data', layout: kind.layout });
    expect({ siteDir: input.siteDir, publicFilesPath: input.publicFilesPath, privateDir: input.privateDir }).toEqual(dirs);
  });
});

describe('updaters', () => {
  const base = { uri: 'wiki.example.com', platformRoot: '/srv/p', webUser: 'www-data' };

  it('MediaWiki: maintenance/update.php for the site named in MW_SITE', () => {
    expect(appKind('mediawiki').updater(base)).toEqual({
      argv: ['php', 'maintenance/update.php', '--quick'], cwd: '/srv/p', user: 'www-data', env: { MW_SITE: 'wiki.example.com' },
      sensitive: false, description: 'update the database of wiki.example.com (MediaWiki update.php)',
    });
  });

  it('Drupal: drush updatedb when the platform has drush, none without', () => {
    expect(appKind('drupal').updater(base)).toBeUndefined();
    expect(appKind('drupal').updater({ ...base, code: { isApp: true, siteDirs: [], drush: '/srv/vendor/bin/drush' } })?.argv)
      .toEqual(['/srv/vendor/bin/drush', '--root=/srv/p', '--uri=wiki.example.com', 'updatedb', '-y']);
  });

  it('WordPress and generic PHP apps: none', () => {
    expect(appKind('wordpress').updater(base)).toBeUndefined();
    expect(appKind('php').updater(base)).toBeUndefined();
  });
});

describe('login links', () => {
  it('only Drupal makes them', () => {
    expect(APP_KINDS.filter((name) => appKind(name).loginLink !== undefined)).toEqual(['drupal']);
  });
});
