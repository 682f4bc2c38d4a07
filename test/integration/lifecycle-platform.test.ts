/**
 * Platform lifecycle through the `aegir` binary with the generic PHP app: lock and unlock, migrate
 * every site of a platform (in parallel), a site from a single web head to a cluster, and import
 * of a site installed by hand. Every claim is checked over HTTP through the web heads, in the
 * inventory and on the hosts' disks.
 */
import { beforeAll, expect, it } from 'vitest';
import { parsePlatform } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { createAegirHub, initAndTrust, summaryLine, type AegirHub } from '../support/aegir-cli.js';
import { mariadbInventory, mariadbQuery } from '../support/db-inspect.js';
import { httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const ROOT = '/var/aegir/platforms';
const PA = `${ROOT}/pa`;
const PB = `${ROOT}/pb`;
const PC = `${ROOT}/pc`;
const SITES = [1, 2, 3, 4, 5].map((n) => `s${n}.platform.test`);
const HAND = 'hand.platform.test';
const HAND_PASSWORD = 'hand-made-Secret-4711';

describeWithFixture('platform lifecycle: lock, migrate a platform, web1 to cluster, import', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platform: TestPlatform;
  let db: DatabaseServer;
  const address = (host: string): string => fx.host(host).address;
  /** The page of `uri` through `host` once it shows the site; the database the page reports. */
  const served = async (host: string, uri: string): Promise<string> => {
    const page = await httpGetUntil(address(host), uri, (r) => r.status === 200 && r.body.includes(`site: ${uri}`));
    expect(page.body, `${uri} via ${host}`).toContain(`site: ${uri}`);
    expect(page.body).toContain('installed: 1');
    return /database: (\S+)/.exec(page.body)?.[1] ?? '';
  };
  const dbNameIn = async (host: string, root: string, uri: string): Promise<string> =>
    /'name' => '([^']+)'/.exec(await fx.readFile(host, `${root}/sites/${uri}/settings.php`))?.[1] ?? '';
  const shown = async (alias: string): Promise<Record<string, unknown>> =>
    JSON.parse((await hub.ok(['show', alias, '--json'])).stdout) as Record<string, unknown>;

  /** A site installed by hand on @pa: its database, account and table made with db1's admin account, its settings written on web1. */
  const installByHand = async (uri: string, name: string, user: string): Promise<void> => {
    await mariadbQuery(fx, 'db1', [
      `CREATE DATABASE ${name}`,
      `CREATE USER '${user}'@'%' IDENTIFIED BY '${HAND_PASSWORD}'`,
      `GRANT ALL ON ${name}.* TO '${user}'@'%'`,
      `CREATE TABLE ${name}.visits (note VARCHAR(64) NOT NULL)`,
      `INSERT INTO ${name}.visits (note) VALUES ('installed')`,
    ].join('; '));
    const settings = [
      '<?php',
      `return ['uri' => '${uri}', 'db' => ['driver' => 'mysql', 'host' => '${db.host}', 'port' => ${db.port},`,
      `  'name' => '${name}', 'user' => '${user}', 'password' => '${HAND_PASSWORD}']];`,
      '',
    ].join('\n');
    await fx.run('web1', ['mkdir', '-p', `${PA}/sites/${uri}`]);
    const written = await fx.run('web1', ['sh', '-c', `cat > ${PA}/sites/${uri}/settings.php`], { stdin: settings });
    expect(written.exitCode).toBe(0);
  };

  beforeAll(async () => {
    fx = fixture();
    ({ php: platform } = await testPlatforms(['php']));
    const web = async (host: string): Promise<void> => {
      await fx.startPhpFpm(host);
      await fx.startNginx(host);
      await fx.run(host, ['rm', '-f', '/etc/nginx/sites-enabled/default']);
      await fx.run(host, ['mkdir', '-p', ROOT]);
    };
    [db] = await Promise.all([fx.startMariadb('db1'), web('web1'), web('web2')]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    for (const host of ['web1', 'web2']) await hub.ok(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', db.host, '--db', 'mysql', '--set', `db.user=${db.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${db.password}\n` });
    for (const server of ['@web1', '@web2', '@db1']) await hub.ok(['verify', server]);
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    for (const [alias, root, target] of [['@pa', PA, '@web1'], ['@pb', PB, '@web1'], ['@pc', PC, '@web']] as const) {
      await hub.ok(['platform', 'add', alias, '--root', root, '--app', 'php', '--web', target, '--source', platform.dir]);
      await hub.ok(['verify', alias]);
    }
    for (const uri of SITES) await hub.ok(['install', uri, '--platform', '@pa', '--db', '@db1']);
    return () => hub.dispose();
  }, 240_000);

  it('a locked platform takes no new site (install, clone: exit 2, nothing made); unlocked it does', async () => {
    const [first = ''] = SITES;
    await hub.ok(['lock', '@pb']);
    expect(await shown('@pb')).toMatchObject({ locked: true });
    const databases = (await mariadbInventory(fx, 'db1')).databases;
    const install = await hub.run(['install', 'locked.platform.test', '--platform', '@pb', '--db', '@db1']);
    expect(install.code, install.stderr).toBe(2);
    expect(install.stderr).toMatch(/locked/);
    const clone = await hub.run(['clone', `@${first}`, 'locked.platform.test', '--platform', '@pb']);
    expect(clone.code, clone.stderr).toBe(2);
    expect(clone.stderr).toMatch(/locked/);
    expect((await hub.run(['show', '@locked.platform.test'])).code).toBe(2);
    expect((await fx.fileStat('web1', `${PB}/sites/locked.platform.test`)).exists).toBe(false);
    expect((await mariadbInventory(fx, 'db1')).databases).toEqual(databases);
    await hub.ok(['unlock', '@pb']);
    expect(await shown('@pb')).toMatchObject({ locked: false });
    await hub.ok(['install', 'locked.platform.test', '--platform', '@pb', '--db', '@db1']);
    await served('web1', 'locked.platform.test');
  }, 120_000);

  it('migrate @pa --to @pb --parallel 2 moves all 5 sites, each served from the new root; a summary is printed', async () => {
    const run = await hub.ok(['migrate', '@pa', '--to', '@pb', '--parallel', '2'], { timeoutMs: 300_000 });
    expect(run.stdout).toContain('migrate @pa to @pb: 5 moved, 0 failed');
    for (const uri of SITES) {
      expect(run.stdout).toMatch(new RegExp(`moved @${uri.replace(/\./g, '\\.')} to @pb`));
      expect(await shown(`@${uri}`)).toMatchObject({ platform: '@pb', status: 'enabled' });
      expect(await served('web1', uri)).toBe(await dbNameIn('web1', PB, uri));
      expect((await fx.fileStat('web1', `${PA}/sites/${uri}`)).exists).toBe(false);
    }
  }, 320_000);

  it('migrate from the single head @web1 to a platform on the cluster serves through both heads', async () => {
    const [uri = ''] = SITES;
    await hub.ok(['migrate', `@${uri}`, '--platform', '@pc'], { timeoutMs: 120_000 });
    for (const host of ['web1', 'web2']) {
      expect(await served(host, uri)).toBe(await dbNameIn(host, PC, uri));
    }
    expect((await fx.fileStat('web1', `${PB}/sites/${uri}`)).exists).toBe(false);
    expect((await fx.fileStat('web2', `${PB}/sites/${uri}`)).exists).toBe(false);
    expect(await shown(`@${uri}`)).toMatchObject({ platform: '@pc' });
  }, 150_000);

  it('import adopts a site installed by hand: served through Aegir, then verify changes nothing', async () => {
    await installByHand(HAND, 'handdb', 'handuser');
    const before = await httpGetUntil(address('web1'), HAND, () => true);
    expect(before.body).not.toContain(`site: ${HAND}`);

    const run = await hub.ok(['import', '@pa', HAND], { timeoutMs: 120_000 });
    expect(run.stdout).toContain(`imported @${HAND} on @pa (db @db1)`);
    expect(await served('web1', HAND)).toBe('handdb');
    expect(await shown(`@${HAND}`)).toMatchObject({ platform: '@pa', db: '@db1', status: 'enabled', dbName: 'handdb', dbUser: 'handuser' });
    expect(summaryLine(await hub.ok(['verify', `@${HAND}`]))).toMatch(/: succeeded \(0 changed, /);
    expect(await served('web1', HAND)).toBe('handdb');
    expect(hub.transcript.join('\n')).not.toContain(HAND_PASSWORD);
  }, 150_000);

  it('import refuses a site whose settings cannot be read, or whose db host is no db server of Aegir', async () => {
    const missing = await hub.run(['import', '@pa', 'nothing.platform.test']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the database settings of nothing\.platform\.test/);
    const uri = 'elsewhere.platform.test';
    await fx.run('web1', ['mkdir', '-p', `${PA}/sites/${uri}`]);
    const settings = `<?php\nreturn ['db' => ['driver' => 'mysql', 'host' => '192.0.2.77', 'port' => 3306, 'name' => 'x', 'user' => 'x', 'password' => 'x']];\n`;
    await fx.run('web1', ['sh', '-c', `cat > ${PA}/sites/${uri}/settings.php`], { stdin: settings });
    const unknown = await hub.run(['import', '@pa', uri]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/192\.0\.2\.77 of elsewhere\.platform\.test is none of Aegir's db servers/);
    for (const alias of ['@nothing.platform.test', `@${uri}`]) expect((await hub.run(['show', alias])).code).toBe(2);
  }, 60_000);

  it('import without a uri adopts every unknown site on the platform and names the ones it cannot', async () => {
    const uri = 'hand2.platform.test';
    await installByHand(uri, 'handdb2', 'handuser2');
    const run = await hub.run(['import', '@pa'], { timeoutMs: 120_000 });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toContain(`imported @${uri} on @pa (db @db1)`);
    expect(run.stdout).not.toContain(`imported @${HAND}`);
    expect(run.stderr).toMatch(/elsewhere\.platform\.test: .*none of Aegir's db servers/);
    expect(run.stderr).toContain('1 of 2 sites were not imported: elsewhere.platform.test');
    expect(await served('web1', uri)).toBe('handdb2');
    expect(hub.transcript.join('\n')).not.toContain(HAND_PASSWORD);
  }, 150_000);

  it('a nested layout written straight into the database: deleting the outer platform or the inner site is refused; the inner tree and its site stay', async () => {
    const outer = `${ROOT}/outer`;
    const inner = `${outer}/inner`;
    const uri = 'nested.platform.test';
    await hub.ok(['platform', 'add', '@outer', '--root', outer, '--app', 'php', '--web', '@web1', '--source', platform.dir]);
    await hub.ok(['verify', '@outer']);
    const refused = await hub.run(['platform', 'add', '@inner', '--root', inner, '--app', 'php', '--web', '@web1', '--source', platform.dir]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`root: "${inner}" is inside the root of platform @outer (${outer}) on @web1`);
    // As a database written without these rules could hold it.
    const store = await openStore({ home: hub.home });
    try {
      await store.platforms.insert(parsePlatform({ alias: '@inner', root: inner, app: 'php', web: '@web1', source: platform.dir }));
    } finally {
      await store.close();
    }
    await hub.ok(['verify', '@inner']);
    await hub.ok(['install', uri, '--platform', '@inner', '--db', '@db1']);
    await served('web1', uri);

    const deleted = await hub.run(['delete', '@outer']);
    expect(deleted.code, deleted.stderr).toBe(2);
    expect(deleted.stderr).toContain(`cannot remove ${outer} on @web1 for platform @outer: it contains the root of platform @inner (${inner})`);
    const forced = await hub.run(['delete', `@${uri}`, '--force'], { timeoutMs: 120_000 });
    expect(forced.code, forced.stderr).not.toBe(0);
    expect(`${forced.stdout}${forced.stderr}`).toContain(`cannot remove ${inner}/sites/${uri} on @web1 for site @${uri}: it is inside the root of platform @outer (${outer})`);

    for (const path of [`${outer}/index.php`, `${inner}/index.php`, `${inner}/sites/${uri}/settings.php`]) {
      expect((await fx.fileStat('web1', path)).exists, path).toBe(true);
    }
    expect(await shown('@outer')).toMatchObject({ alias: '@outer', root: outer });
    expect(await shown(`@${uri}`)).toMatchObject({ platform: '@inner', status: 'enabled' });
    await served('web1', uri);
  }, 150_000);
});
