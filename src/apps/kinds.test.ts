import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../model/errors.js';
import { APP_KINDS } from '../model/platform.js';
import { exampleInstall, exampleSite, HOSTILE_SECRET } from '../../test/support/samples/app-examples.js';
import { APP_REGISTRY, appKind } from './registry.js';
import { appSiteInput } from './site-input.js';
import { sitesPhp } from './drupal/sites-php.js';
import type { AppSiteInput, DbDriver } from './types.js';

/** Every kind with the site variants it supports: Drupal in both settings formats, WordPress on MariaDB only. */
const CASES: { kind: (typeof APP_KINDS)[number]; label: string; site: AppSiteInput }[] = [
  { kind: 'drupal', label: 'drupal7-mysql', site: exampleSite({ drupalMajor: 7 }) },
  { kind: 'drupal', label: 'drupal7-pgsql', site: exampleSite({ drupalMajor: 7, driver: 'pgsql' }) },
  { kind: 'drupal', label: 'drupal10-mysql', site: exampleSite({ drupalMajor: 10 }) },
  { kind: 'drupal', label: 'drupal11-pgsql', site: exampleSite({ drupalMajor: 11, driver: 'pgsql' }) },
  { kind: 'mediawiki', label: 'mediawiki-mysql', site: exampleSite() },
  { kind: 'mediawiki', label: 'mediawiki-pgsql', site: exampleSite({ driver: 'pgsql' }) },
  { kind: 'wordpress', label: 'wordpress-mysql', site: exampleSite() },
  { kind: 'php', label: 'php-mysql', site: exampleSite() },
  { kind: 'php', label: 'php-pgsql', site: exampleSite({ driver: 'pgsql' }) },
];

const SITES = [{ uri: 'www.example.com', aliases: ['example.com'] }, { uri: 'b.example.org', aliases: [] }];

describe('the registry', () => {
  it('has one kind per name in APP_KINDS, each named as its key', () => {
    expect(Object.keys(APP_REGISTRY).sort()).toEqual([...APP_KINDS].sort());
    for (const name of APP_KINDS) expect(appKind(name).name).toBe(name);
  });
});

describe('the live check of each kind', () => {
  it.each(APP_KINDS)('%s: a page of the site, answered normally with a page, a redirect or a login prompt, never a missing page or an error', (name) => {
    const { path, statuses } = appKind(name).liveCheck;
    expect(path).toMatch(/^\/\S*$/);
    expect(statuses).toContain(200);
    expect(statuses.every((status) => (status >= 200 && status < 400) || status === 401)).toBe(true);
  });
});

describe.each(CASES)('$label', ({ kind, label, site }) => {
  const app = appKind(kind);

  it('writes golden settings files: 0440, group web, sensitive, holding the escaped password', async () => {
    const files = app.settingsFiles(site);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatchObject({ mode: 0o440, group: 'www-data', sensitive: true });
      expect(file.path.startsWith(`${site.siteDir}/`)).toBe(true);
      expect(file.content).toContain(`'p\\'a"s\\\\s$w{o}rd`);
      await expect(file.content).toMatchFileSnapshot(`./golden/${label}.${file.path.split('/').pop()}`);
    }
  });

  it('asks for the site directory 0755, then uploads and private 2770 group web', () => {
    const directories = app.directories(site);
    expect(directories[0]).toEqual({ path: '/var/aegir/platforms/app1/sites/www.example.com', mode: 0o755 });
    expect(directories).toContainEqual({ path: `${site.siteDir}/files`, mode: 0o2770, group: 'www-data' });
    expect(directories).toContainEqual({ path: `${site.siteDir}/private`, mode: 0o2770, group: 'www-data' });
    const paths = directories.map((directory) => directory.path);
    for (const [index, path] of paths.entries()) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      if (paths.includes(parent)) expect(paths.indexOf(parent)).toBeLessThan(index);
    }
  });

  it('writes golden platform files without secrets', async () => {
    for (const file of app.platformFiles(site.platformRoot, SITES)) {
      expect(file.sensitive).toBe(false);
      expect(file.content).not.toContain(HOSTILE_SECRET.slice(0, 4));
      await expect(file.content).toMatchFileSnapshot(`./golden/${kind}.platform.${file.path.split('/').pop()}`);
    }
  });

  it('keeps every secret out of the installer argv and description', () => {
    const command = app.installer(exampleInstall(site, { drush: '/var/aegir/platforms/app1/vendor/bin/drush' }));
    if (command === undefined) {
      expect(kind).toBe('php');
      return;
    }
    const shown = [...command.argv, command.description, ...Object.values(command.env ?? {})].join('\n');
    for (const secret of [site.db.password, "admin'\\\"$pw", site.hashSalt]) expect(shown).not.toContain(secret);
    expect(command.user).toBe('www-data');
    expect(command.cwd).toBe(site.platformRoot);
  });
});

describe('drupal', () => {
  it('lists trusted hosts for the uri and every alias (10/11 only)', () => {
    const modern = appKind('drupal').settingsFiles(exampleSite({ drupalMajor: 10 }))[0]?.content ?? '';
    expect(modern).toContain("'^www\\\\.example\\\\.com$'");
    expect(modern).toContain("'^old-example\\\\.org$'");
    expect(appKind('drupal').settingsFiles(exampleSite({ drupalMajor: 7 }))[0]?.content).not.toContain('trusted_host');
  });

  it('refuses a Drupal site without a major version', () => {
    expect(() => appKind('drupal').settingsFiles(exampleSite())).toThrow(ValidationError);
  });

  it('installs with drush only when the platform has it, without passwords in argv', () => {
    const site = exampleSite({ drupalMajor: 10 });
    expect(appKind('drupal').installer(exampleInstall(site))).toBeUndefined();
    const command = appKind('drupal').installer(exampleInstall(site, { drush: '/p/vendor/bin/drush', profile: 'minimal' }));
    expect(command?.argv).toEqual([
      '/p/vendor/bin/drush', '--root=/var/aegir/platforms/app1', '--uri=www.example.com', 'site:install', 'minimal', '--yes',
      '--sites-subdir=www.example.com', `--site-name=${site.title}`, '--account-name=Admin',
      '--account-mail=admin@example.com', '--site-mail=admin@example.com',
    ]);
  });

  it('builds sites.php from every site of the platform, refusing a name used twice', () => {
    expect(sitesPhp(SITES)).toContain("$sites['example.com'] = 'www.example.com';");
    expect(() => sitesPhp([...SITES, { uri: 'c.example.org', aliases: ['example.com'] }])).toThrow(ConflictError);
    expect(() => sitesPhp([...SITES, { uri: 'c.example.org', aliases: ['b.example.org'] }])).toThrow(ConflictError);
  });
});

describe('mediawiki installer', () => {
  it.each<DbDriver>(['mysql', 'pgsql'])('runs install.php through stdin with the passwords there only (%s)', (driver) => {
    const command = appKind('mediawiki').installer(exampleInstall(exampleSite({ driver })));
    expect(command.argv.slice(0, 2)).toEqual(['php', '--']);
    expect(command.argv.slice(-3)).toEqual(['--', `Example's "site" \\ $wiki`, 'Admin']);
    expect(command.argv).toContain(driver === 'mysql' ? '--dbtype=mysql' : '--dbtype=postgres');
    expect(command.env).toEqual({
      MW_CONFIG_FILE: '/var/aegir/platforms/app1/sites/www.example.com/private/temp/LocalSettings.php',
      MW_INSTALL_PATH: '/var/aegir/platforms/app1',
    });
    expect(command.sensitive).toBe(true);
    expect(command.stdin).toContain("require '/var/aegir/platforms/app1/maintenance/install.php';");
    expect(command.stdin).toContain(`'--pass=admin\\'\\\\"$pw'`);
  });
});

describe('wordpress', () => {
  it('refuses PostgreSQL', () => {
    expect(() => appKind('wordpress').settingsFiles(exampleSite({ driver: 'pgsql' }))).toThrow(/MariaDB or MySQL only/);
  });

  it('installs with wp_install() from a script on stdin, naming the site in WP_SITE', () => {
    const command = appKind('wordpress').installer(exampleInstall(exampleSite()));
    expect(command.argv).toEqual(['php']);
    expect(command.env).toEqual({ WP_SITE: 'www.example.com' });
    expect(command.stdin).toMatch(/define\( 'WP_INSTALLING', true \);[\s\S]*wp-load\.php[\s\S]*wp_install\(/);
  });
});

describe('appSiteInput', () => {
  const base = { uri: 'a.example.com', platformRoot: '/srv/p/', db: exampleSite().db, hashSalt: 'x'.repeat(32), webGroup: 'www-data' };

  it('fills the standard layout', () => {
    expect(appSiteInput(base)).toMatchObject({
      platformRoot: '/srv/p', siteDir: '/srv/p/sites/a.example.com', publicFilesPath: 'sites/a.example.com/files',
      privateDir: '/srv/p/sites/a.example.com/private', title: 'a.example.com', scheme: 'http', aliases: [],
    });
  });

  it('refuses unsafe names and paths, never echoing the salt', () => {
    expect(() => appSiteInput({ ...base, uri: 'A.example.com' })).toThrow(/normal form/);
    expect(() => appSiteInput({ ...base, aliases: ["x'.com"] })).toThrow(ValidationError);
    expect(() => appSiteInput({ ...base, publicFilesPath: '../etc' })).toThrow(/plain path/);
    expect(() => appSiteInput({ ...base, publicFilesPath: '/abs' })).toThrow(/relative/);
    expect(() => appSiteInput({ ...base, privateDir: 'rel' })).toThrow(/absolute/);
    expect(() => appSiteInput({ ...base, webGroup: 'www data' })).toThrow(/group/);
    expect(() => appSiteInput({ ...base, hashSalt: 'short$ecret' })).toThrow(/16 characters/);
    expect(() => appSiteInput({ ...base, hashSalt: 'short$ecret' })).not.toThrow(/short\$ecret/);
  });
});
