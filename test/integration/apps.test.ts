/**
 * The generated PHP of every app kind, checked by PHP itself: `php -l`, then scripts that load the
 * generated files and print what PHP sees, compared with the input (hostile password included).
 * The MediaWiki and WordPress switch files are run for known and unknown site names. With Debian's
 * `mediawiki` package installed, the installer's argv is checked against install.php's own options
 * and run for real (environment checks only: no database needed).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOSTILE_SECRET } from '../support/samples/app-examples.js';
import {
  appKind, appSiteInput, drupalConfigSyncDir, drupalPrivateFilesDir, exactHostPattern, publicFilesDir, tempDir,
  type AppFile, type AppInstallInput, type AppSiteInput, type DbDriver,
} from '../../src/apps/index.js';

const MEDIAWIKI_PACKAGE = '/usr/share/mediawiki';

function phpMissingReason(): string | undefined {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'php-cli is not installed (apt-get install php-cli)';
  }
}

const missing = phpMissingReason();
const describePhp = missing === undefined ? describe : process.env.AEGIR_REQUIRE_ALL === '1'
  ? (title: string, _body: () => void) => describe(title, () => it('needs php-cli', () => { throw new Error(`AEGIR_REQUIRE_ALL=1 but ${missing}`); }))
  : (title: string, body: () => void) => describe.skip(`${title} (skipped: ${missing})`, body);

const workDir = mkdtempSync(join(tmpdir(), 'aegir-apps-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let platforms = 0;
function newPlatformRoot(): string {
  platforms += 1;
  const root = join(workDir, `platform${platforms}`);
  mkdirSync(join(root, 'sites'), { recursive: true });
  return root;
}

function site(root: string, uri: string, options: { driver?: DbDriver; drupalMajor?: 7 | 10 | 11; aliases?: string[] } = {}): AppSiteInput {
  const driver = options.driver ?? 'mysql';
  return appSiteInput({
    uri,
    aliases: options.aliases ?? [],
    title: `Wiki of ${uri} 'quoted' \\ $x`,
    platformRoot: root,
    db: { driver, host: `db.${uri}`, port: driver === 'mysql' ? 3306 : 5432, name: `db_${uri.split('.')[0] ?? ''}`, user: `u_${uri.length}`, password: `${HOSTILE_SECRET}-${uri}` },
    hashSalt: `salt'\\$-${uri}-0123456789`,
    webGroup: 'www-data',
    ...(options.drupalMajor === undefined ? {} : { drupalMajor: options.drupalMajor }),
  });
}

function install(input: AppSiteInput): AppInstallInput {
  return { ...input, webUser: 'www-data', admin: { name: 'Admin', email: 'admin@example.com', password: `adm'\\"$${'{'}pw}` } };
}

/** Writes files (platform and site) to disk, as the files service would. */
function place(files: readonly AppFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
}

function php(args: readonly string[], options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync('php', [...args], {
    input: options.stdin ?? '', encoding: 'utf8', cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 20_000,
  });
}

/** Runs a PHP program and parses the JSON it prints. */
function phpJson(program: string, env: Record<string, string> = {}): unknown {
  const result = php([], { stdin: program, env });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

function expectLintClean(path: string): void {
  const result = php(['-l', path]);
  expect(result.stdout).toContain('No syntax errors');
  expect(result.status).toBe(0);
}

describePhp('app kinds, checked by PHP', () => {
  describe.each([
    { major: 7 as const, driver: 'mysql' as const },
    { major: 7 as const, driver: 'pgsql' as const },
    { major: 10 as const, driver: 'mysql' as const },
    { major: 11 as const, driver: 'pgsql' as const },
  ])('Drupal $major on $driver', ({ major, driver }) => {
    it('settings pass php -l and load with the input database, salt and paths', () => {
      const root = newPlatformRoot();
      const input = site(root, 'www.example.com', { driver, drupalMajor: major, aliases: ['example.com', 'x-y.example.org'] });
      const [settings] = appKind('drupal').settingsFiles(input);
      if (settings === undefined) throw new Error('no settings file');
      place([settings, ...appKind('drupal').platformFiles(root, [input])]);
      expectLintClean(settings.path);
      expectLintClean(join(root, 'sites/sites.php'));

      const seen = phpJson(`<?php
$databases = []; $settings = []; $conf = []; $drupal_hash_salt = '';
require ${JSON.stringify(settings.path)};
echo json_encode(['databases' => $databases, 'settings' => $settings, 'conf' => $conf, 'salt' => $drupal_hash_salt]);
`) as { databases: { default: { default: Record<string, unknown> } }; settings: Record<string, unknown>; conf: Record<string, unknown>; salt: string };
      expect(seen.databases.default.default).toMatchObject({
        driver, database: input.db.name, username: input.db.user, password: input.db.password, host: input.db.host, port: input.db.port,
      });
      const paths = { public: 'sites/www.example.com/files', private: `${input.privateDir}/files`, temp: `${input.privateDir}/temp` };
      if (major === 7) {
        expect(seen.salt).toBe(input.hashSalt);
        expect(seen.conf).toEqual({ file_public_path: paths.public, file_private_path: paths.private, file_temporary_path: paths.temp });
      } else {
        expect(seen.settings).toMatchObject({
          hash_salt: input.hashSalt, file_public_path: paths.public, file_private_path: paths.private, file_temp_path: paths.temp,
          config_sync_directory: `${input.privateDir}/config/sync`,
        });
        const patterns = seen.settings.trusted_host_patterns as string[];
        const matches = (host: string): boolean => patterns.some((pattern) => new RegExp(pattern, 'i').test(host));
        expect(patterns).toEqual(['www.example.com', 'example.com', 'x-y.example.org'].map(exactHostPattern));
        expect(['www.example.com', 'EXAMPLE.com', 'x-y.example.org'].every(matches)).toBe(true);
        expect(['wwwxexample.com', 'example.com.evil.net', 'evil.example.com'].some(matches)).toBe(false);
      }
      const sites = phpJson(`<?php\n$sites = [];\nrequire ${JSON.stringify(join(root, 'sites/sites.php'))};\necho json_encode($sites);\n`);
      expect(sites).toEqual({ 'example.com': 'www.example.com', 'x-y.example.org': 'www.example.com' });
    });
  });

  it('Drupal directories are the ones the settings name', () => {
    const input = site(newPlatformRoot(), 'd.example.com', { drupalMajor: 10 });
    const paths = appKind('drupal').directories(input).map((directory) => directory.path);
    expect(paths).toEqual(expect.arrayContaining([
      publicFilesDir(input), drupalPrivateFilesDir(input), tempDir(input), drupalConfigSyncDir(input),
    ]));
  });

  it.each<DbDriver>(['mysql', 'pgsql'])('a generic PHP app reads its settings array (%s)', (driver) => {
    const input = site(newPlatformRoot(), 'app.example.com', { driver });
    const [settings] = appKind('php').settingsFiles(input);
    if (settings === undefined) throw new Error('no settings file');
    place([settings]);
    expectLintClean(settings.path);
    const seen = phpJson(`<?php\necho json_encode(require ${JSON.stringify(settings.path)});\n`) as Record<string, Record<string, unknown>>;
    expect(seen.db).toEqual({ driver, host: input.db.host, port: input.db.port, name: input.db.name, user: input.db.user, password: input.db.password });
    expect(seen.paths).toMatchObject({ public: publicFilesDir(input), private: input.privateDir });
    expect(seen.hash_salt).toBe(input.hashSalt);
  });

  describe('MediaWiki', () => {
    const root = newPlatformRoot();
    const wikis = [site(root, 'one.example.com'), site(root, 'two.example.org', { driver: 'pgsql' })];
    const files = [...appKind('mediawiki').platformFiles(root, wikis), ...wikis.flatMap((wiki) => appKind('mediawiki').settingsFiles(wiki))];
    place(files);

    /** Loads the platform's LocalSettings.php as MediaWiki does and prints what it set. */
    const load = (serverName: string | undefined, env: Record<string, string> = {}): SpawnSyncReturns<string> => php([], {
      env,
      stdin: `<?php
define( 'MEDIAWIKI', true );
$IP = ${JSON.stringify(root)};
function wfLoadSkin( $name ) {}
${serverName === undefined ? '' : `$_SERVER['SERVER_NAME'] = ${JSON.stringify(serverName)};`}
require ${JSON.stringify(join(root, 'LocalSettings.php'))};
echo json_encode([$wgSitename, $wgServer, $wgDBtype, $wgDBserver, $wgDBname, $wgDBuser, $wgDBpassword, $wgUploadDirectory, $wgSecretKey]);
`,
    });

    it('every file passes php -l', () => {
      for (const file of files) expectLintClean(file.path);
    });

    it.each([0, 1])('the switch loads wiki %i by SERVER_NAME, or by MW_SITE on the command line', (index) => {
      const wiki = wikis[index];
      if (wiki === undefined) throw new Error('no wiki');
      const expected = [
        wiki.title, `http://${wiki.uri}`, wiki.db.driver === 'mysql' ? 'mysql' : 'postgres',
        wiki.db.driver === 'mysql' ? `${wiki.db.host}:3306` : wiki.db.host, wiki.db.name, wiki.db.user, wiki.db.password,
        publicFilesDir(wiki), wiki.hashSalt,
      ];
      for (const result of [load(wiki.uri), load(undefined, { MW_SITE: wiki.uri }), load('other.example.net', { MW_SITE: wiki.uri })]) {
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual(expected);
      }
    });

    it.each(['unknown.example.com', '', '../one.example.com', 'one.example.com/../two.example.org', 'sites'])(
      'the switch refuses %j',
      (name) => {
        for (const result of [load(name), load(undefined, { MW_SITE: name })]) {
          expect(result.status).toBe(1);
          expect(result.stdout).toBe('');
          expect(result.stderr).toContain('No MediaWiki site here is named');
        }
      },
    );

    it.runIf(existsSync(MEDIAWIKI_PACKAGE))("the installer's options are install.php's own, and it runs through stdin", () => {
      const help = php([`${MEDIAWIKI_PACKAGE}/maintenance/install.php`, '--help']).stdout;
      const known = new Set([...help.matchAll(/^\s+--([a-z-]+)[ :]/gm)].map((match) => match[1]));
      expect(known.has('dbpass') && known.has('pass') && known.has('confpath')).toBe(true);

      for (const wiki of wikis) {
        const command = appKind('mediawiki').installer({ ...install(wiki), platformRoot: MEDIAWIKI_PACKAGE });
        const options = command.argv.slice(2, command.argv.indexOf('--', 2));
        for (const option of options) expect(known, option).toContain(/^--([a-z-]+)/.exec(option)?.[1]);
        expect(command.argv.join(' ')).not.toContain(wiki.db.password.slice(0, 3));

        // Run it for real with --env-checks (no database needed): the stdin program must start
        // install.php at file scope with the secret options added, and remove the scratch settings.
        const scratch = command.env?.MW_CONFIG_FILE ?? '';
        mkdirSync(dirname(scratch), { recursive: true });
        writeFileSync(scratch, '<?php // left over by an earlier attempt\n');
        const [php0, ...rest] = command.argv;
        const result = spawnSync(php0 ?? 'php', [...rest.slice(0, 1), '--env-checks', ...rest.slice(1)], {
          input: command.stdin, encoding: 'utf8', cwd: MEDIAWIKI_PACKAGE, env: { ...process.env, ...command.env }, timeout: 60_000,
        });
        expect(result.stderr).not.toMatch(/Fatal|Argument .* is required|Unexpected option/);
        expect(result.stdout).toMatch(/PHP \d+\.\d+\.\d+ is installed/);
        expect(result.status).toBe(0);
        expect(existsSync(scratch)).toBe(false);
      }
    });
  });

  describe('WordPress', () => {
    const root = newPlatformRoot();
    const blogs = [site(root, 'blog.example.com'), site(root, 'news.example.org')];
    const files = [...appKind('wordpress').platformFiles(root, blogs), ...blogs.flatMap((blog) => appKind('wordpress').settingsFiles(blog))];
    place(files);
    // A stand-in for wp-settings.php that prints what the config defined.
    const abspath = join(workDir, 'wp-stand-in');
    mkdirSync(abspath, { recursive: true });
    writeFileSync(join(abspath, 'wp-settings.php'), `<?php
echo json_encode([DB_NAME, DB_USER, DB_PASSWORD, DB_HOST, $GLOBALS['table_prefix'], WP_HOME, UPLOADS, AUTH_KEY === NONCE_SALT, strlen(AUTH_KEY)]);
`);
    const load = (serverName: string | undefined, env: Record<string, string> = {}): SpawnSyncReturns<string> => php([], {
      env,
      stdin: `<?php
define( 'ABSPATH', ${JSON.stringify(`${abspath}/`)} );
${serverName === undefined ? '' : `$_SERVER['SERVER_NAME'] = ${JSON.stringify(serverName)};`}
require_once ${JSON.stringify(join(root, 'wp-config.php'))};
`,
    });

    it('every file passes php -l, and the installer script too', () => {
      for (const file of files) expectLintClean(file.path);
      const script = join(workDir, 'wp-install.php');
      writeFileSync(script, appKind('wordpress').installer(install(blogs[0] as AppSiteInput)).stdin ?? '');
      expectLintClean(script);
    });

    it.each([0, 1])('the switch loads blog %i by SERVER_NAME, or by WP_SITE on the command line', (index) => {
      const blog = blogs[index];
      if (blog === undefined) throw new Error('no blog');
      const expected = [blog.db.name, blog.db.user, blog.db.password, `${blog.db.host}:3306`, 'wp_', `http://${blog.uri}`, blog.publicFilesPath, false, 44];
      for (const result of [load(blog.uri), load(undefined, { WP_SITE: blog.uri })]) {
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual(expected);
      }
    });

    it.each(['unknown.example.com', '', '../blog.example.com', 'BLOG.example.com/..'])('the switch refuses %j', (name) => {
      for (const result of [load(name), load(undefined, { WP_SITE: name })]) {
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('No WordPress site here is named');
      }
    });
  });
});
