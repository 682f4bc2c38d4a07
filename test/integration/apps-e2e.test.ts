/**
 * Real PHP applications hosted through the `aegir` binary on real servers: a hub, two nginx web
 * heads in a cluster (web1, web2), an Apache web head (web3) and a db host (db1) running MariaDB
 * and PostgreSQL, which Aegir knows as two servers (@db1, @pg1). Debian's MediaWiki and WordPress,
 * a minimal Drupal tree and a small PHP app are the platforms, pushed from the hub by
 * `verify @platform`. Every claim is checked on the hosts' disks, in the databases and over HTTP
 * through each web head.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, summaryLine, type AegirHub } from '../support/aegir-cli.js';
import { mariadbInventory, mariadbQuery, postgresInventory, postgresQuery } from '../support/db-inspect.js';
import { htmlTitle, httpGet, httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { phpJsonOn, phpQuote, reloadedProcesses } from '../support/web-heads.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const ROOTS = {
  mediawiki: '/var/aegir/platforms/mw139',
  wordpress: '/var/aegir/platforms/wp61',
  drupal: '/var/aegir/platforms/d10',
  php: '/var/aegir/platforms/app1',
  'php-failing-installer': '/var/aegir/platforms/broken1',
} as const;

const WIKIS = [
  { uri: 'wiki-maria.example.test', db: '@db1' },
  { uri: 'wiki-pg.example.test', db: '@pg1' },
] as const;
const BLOG = 'blog.example.test';
const DRUPAL_SITE = 'd10.example.test';
const APP_SITE = 'app.example.test';
const BROKEN_SITE = 'broken.example.test';
const NGINX_HEADS = ['web1', 'web2'] as const;
const DISABLED_TEXT = 'This site is disabled.';

interface JsonResult {
  readonly status: string;
  readonly actions: readonly { readonly id: string; readonly kind: string; readonly status: string }[];
}

/** The value of `$name = '...';` in a generated PHP settings file. */
function phpSetting(content: string, name: string): string {
  const match = new RegExp(`\\${name}\\s*=\\s*'([^']*)'`).exec(content);
  if (match?.[1] === undefined) throw new Error(`no ${name} in the settings file`);
  return match[1];
}

function vhostPath(host: string, uri: string): string {
  return host === 'web3' ? `/etc/apache2/aegir/vhost.d/${uri}.conf` : `/etc/nginx/aegir/vhost.d/${uri}.conf`;
}

async function exists(fx: Fixture, host: string, path: string): Promise<boolean> {
  return (await fx.fileStat(host, path)).exists;
}

async function typeOf(fx: Fixture, host: string, path: string): Promise<string> {
  const stat = await fx.fileStat(host, path);
  return stat.exists ? stat.type : 'missing';
}

describeWithFixture('real PHP applications hosted through the aegir CLI', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'web3', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platforms: Record<keyof typeof ROOTS, TestPlatform>;
  let maria: DatabaseServer;
  let pg: DatabaseServer;
  const address = (host: string): string => fx.host(host).address;
  /** The database name Aegir gave a wiki, from its settings on web1. */
  const wikiDb = async (uri: string): Promise<string> =>
    phpSetting(await fx.readFile('web1', `${ROOTS.mediawiki}/sites/${uri}/LocalSettings.php`), '$wgDBname');

  beforeAll(async () => {
    fx = fixture();
    platforms = await testPlatforms(['mediawiki', 'wordpress', 'drupal', 'php', 'php-failing-installer']);
    const web = async (host: string, server: 'nginx' | 'apache'): Promise<void> => {
      await fx.startPhpFpm(host);
      await (server === 'nginx' ? fx.startNginx(host) : fx.startApache(host));
    };
    [maria, pg] = await Promise.all([
      fx.startMariadb('db1'), fx.startPostgres('db1'), web('web1', 'nginx'), web('web2', 'nginx'), web('web3', 'apache'),
    ]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    for (const host of ['web1', 'web2']) {
      await hub.ok(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']);
    }
    await hub.ok(['server', 'add', '@web3', '--host', address('web3'), '--http', 'apache', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', maria.host, '--db', 'mysql', '--set', `db.user=${maria.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${maria.password}\n` });
    await hub.ok(['server', 'add', '@pg1', '--host', pg.host, '--db', 'postgres', '--set', `db.user=${pg.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${pg.password}\n` });
    for (const server of ['@web1', '@web2', '@web3', '@db1', '@pg1']) await hub.ok(['verify', server]);
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    const add = async (alias: string, kind: keyof typeof ROOTS, app: string, web: string): Promise<void> => {
      await hub.ok(['platform', 'add', alias, '--root', ROOTS[kind], '--app', app, '--web', web, '--source', platforms[kind].dir]);
    };
    await add('@mw139', 'mediawiki', 'mediawiki', '@web');
    await add('@wp61', 'wordpress', 'wordpress', '@web3');
    await add('@d10', 'drupal', 'drupal', '@web1');
    await add('@app1', 'php', 'php', '@web');
    await add('@broken1', 'php-failing-installer', 'php', '@web3');
    return () => hub.dispose();
  }, 240_000);

  it('verify @platform pushes each codebase from the hub to every web head of its target', async () => {
    for (const platform of ['@mw139', '@wp61', '@d10', '@app1', '@broken1']) await hub.ok(['verify', platform], { timeoutMs: 180_000 });
    const platformSettings = await fx.readFile('web1', `${ROOTS.mediawiki}/includes/PlatformSettings.php`);
    for (const host of NGINX_HEADS) {
      expect(await fx.readFile(host, `${ROOTS.mediawiki}/includes/PlatformSettings.php`)).toBe(platformSettings);
      expect(await fx.readFile(host, `${ROOTS.mediawiki}/LocalSettings.php`)).toContain('MW_SITE');
      expect(await typeOf(fx, host, `${ROOTS.mediawiki}/maintenance/install.php`)).toBe('file');
      expect(await fx.readFile(host, `${ROOTS.php}/aegir-install.php`)).toContain('CREATE TABLE visits');
      expect(await exists(fx, host, ROOTS.wordpress)).toBe(false);
    }
    expect(platformSettings).not.toContain('/var/cache/mediawiki');
    expect(await fx.readFile('web3', `${ROOTS.wordpress}/wp-includes/version.php`)).toMatch(/\$wp_version = '6\.1/);
    expect(await typeOf(fx, 'web3', `${ROOTS.wordpress}/wp-content/themes/twentytwentythree/theme.json`)).toBe('file');
    expect(await fx.readFile('web3', `${ROOTS.wordpress}/wp-config.php`)).toContain('WP_SITE');
    expect(await fx.readFile('web1', `${ROOTS.drupal}/core/lib/Drupal.php`)).toContain("const VERSION = '10.");
    expect(await exists(fx, 'web2', ROOTS.drupal)).toBe(false);
  }, 200_000);

  it('two wikis, on MariaDB and on PostgreSQL, each serve their own Main Page from their own database through both web heads', async () => {
    for (const wiki of WIKIS) {
      const run = await hub.ok(['install', wiki.uri, '--platform', '@mw139', '--db', wiki.db], { timeoutMs: 180_000 });
      expect(summaryLine(run)).toMatch(new RegExp(`^install @${wiki.uri.replace(/\./g, '\\.')}: succeeded`));
      // The page text lives in the wiki's database: write it there as an editor would (edit.php, web user).
      const edit = await fx.run('web1', ['php', 'maintenance/edit.php', '--summary', 'e2e', 'Main_Page'], {
        user: 'www-data', cwd: ROOTS.mediawiki, env: { MW_SITE: wiki.uri }, stdin: `The own main page of ${wiki.uri}, on ${wiki.db}.\n`,
      });
      expect(edit.exitCode, `${edit.stdout}${edit.stderr}`).toBe(0);
    }
    const mariaDb = await wikiDb(WIKIS[0].uri);
    const pgDb = await wikiDb(WIKIS[1].uri);
    expect(mariaDb).not.toBe(pgDb);
    expect(Number((await mariadbQuery(fx, 'db1', `SELECT COUNT(*) FROM \`${mariaDb}\`.page`))[0])).toBeGreaterThan(0);
    expect(Number((await postgresQuery(fx, 'db1', 'SELECT count(*) FROM mediawiki.page', pgDb))[0])).toBeGreaterThan(0);
    for (const wiki of WIKIS) {
      for (const host of NGINX_HEADS) {
        const page = await httpGetUntil(address(host), wiki.uri, (r) => r.status === 200, { path: '/index.php?title=Main_Page' });
        expect(page.status, `${wiki.uri} via ${host}: ${page.body.slice(0, 500)}`).toBe(200);
        // MediaWiki titles its main page with the site name alone.
        expect(htmlTitle(page.body)).toBe(wiki.uri);
        expect(page.body).toContain(`The own main page of ${wiki.uri}, on ${wiki.db}.`);
        expect(page.body).not.toContain(WIKIS.find((w) => w !== wiki)?.uri);
        // Path-style URLs from old links, as Apache serves them: PATH_INFO through nginx too.
        const pathStyle = await httpGet(address(host), wiki.uri, { path: '/index.php/Main_Page' });
        expect(pathStyle.status, `${wiki.uri}/index.php/Main_Page via ${host}: ${pathStyle.body.slice(0, 500)}`).toBe(200);
        expect(htmlTitle(pathStyle.body)).toBe(wiki.uri);
        expect(pathStyle.body).toContain(`The own main page of ${wiki.uri}, on ${wiki.db}.`);
      }
    }
  }, 200_000);

  it('a WordPress site on the Apache web head installs and serves its front page from its database', async () => {
    await hub.ok(['install', BLOG, '--platform', '@wp61', '--db', '@db1'], { timeoutMs: 120_000 });
    const page = await httpGetUntil(address('web3'), BLOG, (r) => r.status === 200);
    expect(page.status, page.body.slice(0, 500)).toBe(200);
    expect(htmlTitle(page.body)).toContain(BLOG);
    expect(page.body).toContain('Hello world!');
    expect(page.body).toContain('/wp-content/themes/twentytwentythree/');
    const config = await fx.readFile('web3', `${ROOTS.wordpress}/sites/${BLOG}/wp-config.php`);
    const dbName = /define\(\s*'DB_NAME',\s*'([a-z0-9_]+)'/.exec(config)?.[1] ?? 'DB_NAME not found';
    expect(await mariadbQuery(fx, 'db1', `SELECT option_value FROM \`${dbName}\`.wp_options WHERE option_name = 'blogname'`)).toEqual([BLOG]);
  }, 150_000);

  it('a Drupal 10 platform of a minimal tree: the settings pass php -l and load on the web head with a working database login', async () => {
    await hub.ok(['install', DRUPAL_SITE, '--platform', '@d10', '--db', '@db1']);
    const settings = `${ROOTS.drupal}/sites/${DRUPAL_SITE}/settings.php`;
    const lint = await fx.run('web1', ['php', '-l', settings]);
    expect(lint.stdout).toContain('No syntax errors');
    const stat = await fx.fileStat('web1', settings);
    expect(stat.exists && stat.mode).toBe(0o440);
    const seen = await phpJsonOn(fx, 'web1', `<?php
$app_root = ${phpQuote(ROOTS.drupal)}; $site_path = ${phpQuote(`sites/${DRUPAL_SITE}`)};
$databases = []; $settings = [];
require ${phpQuote(settings)};
$db = $databases['default']['default'];
$pdo = new PDO("mysql:host={$db['host']};port={$db['port']};dbname={$db['database']}", $db['username'], $db['password']);
echo json_encode(['databases' => $databases, 'files' => $settings['file_public_path'], 'salt' => strlen($settings['hash_salt']),
  'connected' => $pdo->query('SELECT DATABASE()')->fetchColumn()]);
`) as { databases: { default: { default: Record<string, unknown> } }; files: string; salt: number; connected: string };
    const db = seen.databases.default.default;
    expect(db).toMatchObject({ driver: 'mysql', host: maria.host, port: 3306 });
    expect(seen.connected).toBe(db.database);
    expect(seen.files).toBe(`sites/${DRUPAL_SITE}/files`);
    expect(seen.salt).toBeGreaterThanOrEqual(32);
    expect(await exists(fx, 'web2', `${ROOTS.drupal}/sites/${DRUPAL_SITE}`)).toBe(false);
  });

  it('a vhost change that fails nginx -t on one member is undone on both; every other site serves during and after', async () => {
    // A hand-made file in Aegir's vhost directory on web2 breaks its config test (not the running nginx).
    const broken = '/etc/nginx/aegir/vhost.d/hand-made.conf';
    const before = await mariadbInventory(fx, 'db1');
    await fx.run('web2', ['sh', '-c', `printf 'server { this is not nginx; }\\n' > ${broken}`]);
    const served: string[] = [];
    let installing = true;
    const probe = (async () => {
      while (installing) {
        for (const wiki of WIKIS) {
          for (const host of NGINX_HEADS) {
            const r = await httpGet(address(host), wiki.uri, { path: '/index.php?title=Main_Page' }).catch((e: Error) => ({ status: 0, body: e.message }));
            served.push(`${host} ${wiki.uri} ${r.status}${r.status === 200 ? '' : ` ${r.body.slice(0, 200)}`}`);
          }
        }
      }
    })();
    const run = await hub.run(['install', APP_SITE, '--platform', '@app1', '--db', '@db1']).finally(async () => {
      installing = false;
      await probe;
      await fx.run('web2', ['rm', '-f', broken]);
    });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toMatch(/@web2/);
    expect(served.length).toBeGreaterThanOrEqual(4);
    expect(served.filter((line) => !/ 200$/.test(line))).toEqual([]);
    for (const host of NGINX_HEADS) {
      expect(await exists(fx, host, vhostPath(host, APP_SITE))).toBe(false);
      expect(await exists(fx, host, `${ROOTS.php}/sites/${APP_SITE}`)).toBe(false);
      for (const wiki of WIKIS) expect((await httpGet(address(host), wiki.uri, { path: '/index.php?title=Main_Page' })).status).toBe(200);
    }
    expect(await mariadbInventory(fx, 'db1')).toEqual(before);

    await hub.ok(['install', `@${APP_SITE}`]);
    for (const host of NGINX_HEADS) {
      const page = await httpGetUntil(address(host), APP_SITE, (r) => r.status === 200);
      expect(page.body).toMatch(new RegExp(`^site: ${APP_SITE.replace(/\./g, '\\.')}\ndatabase: \\w+\ninstalled: 1\nvisit: \\d+\n$`));
    }
  });

  it('an unchanged verify of every site reports no change and reloads nothing', async () => {
    const heads = [['web1', 'nginx'], ['web2', 'nginx'], ['web3', 'apache']] as const;
    const workers = await Promise.all(heads.map(([host, server]) => reloadedProcesses(fx, host, server)));
    const configs = await Promise.all(heads.map(([host]) => fx.snapshot(host, host === 'web3' ? '/etc/apache2' : '/etc/nginx')));
    for (const alias of [...WIKIS.map((w) => `@${w.uri}`), `@${BLOG}`, `@${DRUPAL_SITE}`, `@${APP_SITE}`]) {
      const run = await hub.ok(['verify', alias, '--json'], { timeoutMs: 120_000 });
      // The finished task as JSON: its status, and the executor's result with every action's outcome.
      const task = JSON.parse(run.stdout) as { status: string; result?: JsonResult };
      expect(task.status, alias).toBe('succeeded');
      const result = task.result ?? { status: 'missing', actions: [] };
      expect(result.actions.length, alias).toBeGreaterThan(0);
      expect(result.actions.filter((a) => a.status === 'changed'), alias).toEqual([]);
      expect(result.actions.filter((a) => a.kind === 'reload' && a.status !== 'skipped'), alias).toEqual([]);
    }
    expect(summaryLine(await hub.ok(['verify', `@${WIKIS[0].uri}`]))).toMatch(/: succeeded \(0 changed, /);
    expect(await Promise.all(heads.map(([host, server]) => reloadedProcesses(fx, host, server)))).toEqual(workers);
    expect(await Promise.all(heads.map(([host]) => fx.snapshot(host, host === 'web3' ? '/etc/apache2' : '/etc/nginx')))).toEqual(configs);
  }, 200_000);

  it('an unchanged verify of every platform pushes nothing and reloads nothing', async () => {
    for (const alias of ['@mw139', '@wp61', '@d10', '@app1']) {
      const task = JSON.parse((await hub.ok(['verify', alias, '--json'], { timeoutMs: 120_000 })).stdout) as { status: string; result?: JsonResult };
      expect(task.status, alias).toBe('succeeded');
      expect(task.result?.actions.filter((a) => a.status === 'changed'), alias).toEqual([]);
    }
  }, 120_000);

  it('disable shows the disabled page through both web heads; enable serves the wiki again', async () => {
    const uri = WIKIS[0].uri;
    await hub.ok(['disable', `@${uri}`]);
    for (const host of NGINX_HEADS) {
      const page = await httpGetUntil(address(host), uri, (r) => r.status === 503, { path: '/index.php?title=Main_Page' });
      expect(page.status).toBe(503);
      expect(page.body).toContain(DISABLED_TEXT);
    }
    await hub.ok(['enable', `@${uri}`]);
    for (const host of NGINX_HEADS) {
      const page = await httpGetUntil(address(host), uri, (r) => r.status === 200, { path: '/index.php?title=Main_Page' });
      expect(page.status).toBe(200);
      expect(page.body).toContain(`The own main page of ${uri}`);
    }
  });

  describe('delete removes vhost, directory, database and user from every server', () => {
    it.each(WIKIS.map((wiki) => [wiki.uri, wiki.db] as const))('%s (%s)', async (uri, db) => {
      const dbName = await wikiDb(uri);
      const settings = await fx.readFile('web1', `${ROOTS.mediawiki}/sites/${uri}/LocalSettings.php`);
      const dbUser = phpSetting(settings, '$wgDBuser');
      expect((await hub.run(['delete', `@${uri}`])).code).toBe(2);
      await hub.ok(['disable', `@${uri}`]);
      await hub.ok(['delete', `@${uri}`, '--yes']);
      for (const host of NGINX_HEADS) {
        expect(await exists(fx, host, vhostPath(host, uri))).toBe(false);
        expect(await exists(fx, host, `${ROOTS.mediawiki}/sites/${uri}`)).toBe(false);
        const page = await httpGetUntil(address(host), uri, (r) => r.status === 404, { path: '/index.php?title=Main_Page' });
        expect(page.status).toBe(404);
      }
      const inventory = db === '@db1' ? await mariadbInventory(fx, 'db1') : await postgresInventory(fx, 'db1');
      expect(inventory.databases).not.toContain(dbName);
      expect(inventory.users.filter((user) => user === dbUser || user.startsWith(`${dbUser}@`))).toEqual([]);
      const other = WIKIS.find((w) => w.uri !== uri);
      const show = await hub.run(['show', `@${uri}`, '--json']);
      if (show.code === 0) expect(JSON.parse(show.stdout)).toMatchObject({ status: 'deleted' });
      if (other !== undefined && (await exists(fx, 'web1', `${ROOTS.mediawiki}/sites/${other.uri}`))) {
        expect((await httpGet(address('web2'), other.uri, { path: '/index.php?title=Main_Page' })).status).toBe(200);
      }
    });
  });

  it('an install whose installer fails leaves no database, no directory and no vhost behind', async () => {
    const before = await mariadbInventory(fx, 'db1');
    const run = await hub.ok(['install', BROKEN_SITE, '--platform', '@broken1', '--db', '@db1'], { code: 1 });
    expect(`${run.stdout}${run.stderr}`).toContain('fails on purpose');
    expect(await mariadbInventory(fx, 'db1')).toEqual(before);
    expect(await exists(fx, 'web3', `${ROOTS['php-failing-installer']}/sites/${BROKEN_SITE}`)).toBe(false);
    expect(await exists(fx, 'web3', vhostPath('web3', BROKEN_SITE))).toBe(false);
    expect((await httpGet(address('web3'), BROKEN_SITE)).status).toBe(404);
    expect(JSON.parse((await hub.ok(['show', `@${BROKEN_SITE}`, '--json'])).stdout)).toMatchObject({ status: 'failed' });
    expect((await httpGet(address('web3'), BLOG)).status).toBe(200);
  });

  it('no secret reached any output', () => {
    const everything = hub.transcript.join('\n');
    expect(everything).not.toContain(maria.password);
    expect(everything).not.toContain(pg.password);
  });
});
