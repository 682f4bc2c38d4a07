/**
 * Backup, restore, clone and migrate of real MediaWiki sites through the `aegir` binary: two
 * nginx web heads in a cluster, a MariaDB host (db1) and a second one (db2). Every claim is
 * checked over HTTP through the web heads, in the databases and on the hosts' disks.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, type AegirHub } from '../support/aegir-cli.js';
import { mariadbInventory } from '../support/db-inspect.js';
import { damageBackup } from '../support/backups.js';
import { httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const MW = '/var/aegir/platforms/mw139';
const MW2 = '/var/aegir/platforms/mw139b';
const WIKI = 'wiki.lifecycle.test';
const COPY = 'copy.lifecycle.test';
const HEADS = ['web1', 'web2'] as const;
const PAGE = { path: '/index.php?title=Main_Page' };

function setting(content: string, name: string): string {
  const match = new RegExp(`\\${name}\\s*=\\s*'([^']*)'`).exec(content);
  if (match?.[1] === undefined) throw new Error(`no ${name}`);
  return match[1];
}

describeWithFixture('site lifecycle: backup, restore, clone, migrate', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'db1', 'db2'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platform: TestPlatform;
  let dbs: DatabaseServer[];
  const address = (host: string): string => fx.host(host).address;
  const settingsOf = (root: string, uri: string): Promise<string> => fx.readFile('web1', `${root}/sites/${uri}/LocalSettings.php`);
  const edit = async (root: string, uri: string, text: string): Promise<void> => {
    const run = await fx.run('web1', ['php', 'maintenance/edit.php', '--summary', 'lifecycle', 'Main_Page'], {
      user: 'www-data', cwd: root, env: { MW_SITE: uri }, stdin: `${text}\n`,
    });
    expect(run.exitCode, `${run.stdout}${run.stderr}`).toBe(0);
  };
  const serves = async (uri: string, text: string): Promise<void> => {
    for (const host of HEADS) {
      const page = await httpGetUntil(address(host), uri, (r) => r.status === 200 && r.body.includes(text), PAGE);
      expect(page.body, `${uri} via ${host}`).toContain(text);
    }
  };

  beforeAll(async () => {
    fx = fixture();
    ({ mediawiki: platform } = await testPlatforms(['mediawiki']));
    const web = async (host: string): Promise<void> => {
      await fx.startPhpFpm(host);
      await fx.startNginx(host);
      await fx.run(host, ['rm', '-f', '/etc/nginx/sites-enabled/default']);
      await fx.run(host, ['mkdir', '-p', '/var/aegir/platforms']);
    };
    const started = await Promise.all([fx.startMariadb('db1'), fx.startMariadb('db2'), web('web1'), web('web2')]);
    dbs = [started[0], started[1]];
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    for (const host of HEADS) await hub.ok(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']);
    for (const [i, db] of dbs.entries()) {
      await hub.ok(['server', 'add', `@db${i + 1}`, '--host', db.host, '--db', 'mysql', '--set', `db.user=${db.user}`, '--set', 'db.password=-',
        '--accept-host-key'], { stdin: `${db.password}\n` });
    }
    for (const server of ['@web1', '@web2', '@db1', '@db2']) await hub.ok(['verify', server]);
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    await hub.ok(['platform', 'add', '@mw', '--root', MW, '--app', 'mediawiki', '--web', '@web', '--source', platform.dir]);
    await hub.ok(['platform', 'add', '@mw2', '--root', MW2, '--app', 'mediawiki', '--web', '@web', '--source', platform.dir]);
    await hub.ok(['verify', '@mw'], { timeoutMs: 180_000 });
    await hub.ok(['install', WIKI, '--platform', '@mw', '--db', '@db1'], { timeoutMs: 180_000 });
    await edit(MW, WIKI, 'Original content of the wiki.');
    return () => hub.dispose();
  }, 400_000);

  it('backup makes one 0600 archive on the hub with the dump and the uploads, recorded with its checksum', async () => {
    await fx.run('web1', ['sh', '-c', `echo upload > ${MW}/sites/${WIKI}/files/uploaded.txt`]);
    await hub.ok(['backup', `@${WIKI}`], { timeoutMs: 120_000 });
    const list = JSON.parse((await hub.ok(['backup', 'list', `@${WIKI}`, '--json'])).stdout) as { id: number; file: string; sha256: string; size: number; dbServer: string }[];
    expect(list).toHaveLength(1);
    const [backup] = list;
    expect(backup?.file).toMatch(new RegExp(`^${WIKI.replace(/\./g, '\\.')}-\\d{8}-\\d{6}\\.tar\\.gz$`));
    expect(backup?.dbServer).toBe('@db1');
    const path = `${hub.home}/backups/${backup?.file ?? ''}`;
    expect(execFileSync('stat', ['-c', '%a', path], { encoding: 'utf8' }).trim()).toBe('600');
    expect(execFileSync('stat', ['-c', '%a', `${hub.home}/backups`], { encoding: 'utf8' }).trim()).toBe('700');
    expect(execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]).toBe(backup?.sha256);
    const names = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n');
    expect(names).toContain('db/database.sql');
    expect(names).toContain('site/files/uploaded.txt');
    expect(names).toContain('site/LocalSettings.php');
    const dump = execFileSync('tar', ['-xzOf', path, 'db/database.sql'], { encoding: 'utf8' });
    expect(dump).toContain('Original content of the wiki.');
  }, 150_000);

  it('restore after a change serves the old content again from a new database; the old one is gone', async () => {
    const before = setting(await settingsOf(MW, WIKI), '$wgDBname');
    await edit(MW, WIKI, 'Changed content of the wiki.');
    await serves(WIKI, 'Changed content of the wiki.');
    await hub.ok(['restore', `@${WIKI}`], { timeoutMs: 180_000 });
    await serves(WIKI, 'Original content of the wiki.');
    const after = setting(await settingsOf(MW, WIKI), '$wgDBname');
    expect(after).not.toBe(before);
    const databases = (await mariadbInventory(fx, 'db1')).databases;
    expect(databases).toContain(after);
    expect(databases).not.toContain(before);
    expect(await fx.readFile('web2', `${MW}/sites/${WIKI}/files/uploaded.txt`)).toBe('upload\n');
    expect(JSON.parse((await hub.ok(['backup', 'list', `@${WIKI}`, '--json'])).stdout)).toHaveLength(2);
  }, 250_000);

  it('a restore whose import fails leaves the changed site serving from its database', async () => {
    await edit(MW, WIKI, 'Changed again.');
    await serves(WIKI, 'Changed again.');
    const dbName = setting(await settingsOf(MW, WIKI), '$wgDBname');
    const before = await mariadbInventory(fx, 'db1');
    // The oldest backup's archive is damaged (checksum updated): its dump cannot be imported.
    const list = JSON.parse((await hub.ok(['backup', 'list', `@${WIKI}`, '--json'])).stdout) as { id: number; file: string }[];
    const oldest = list[list.length - 1];
    if (oldest === undefined) throw new Error('no backup to damage');
    damageBackup(hub.home, oldest);
    const run = await hub.run(['restore', `@${WIKI}`, String(oldest?.id)], { timeoutMs: 180_000 });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    await serves(WIKI, 'Changed again.');
    expect(setting(await settingsOf(MW, WIKI), '$wgDBname')).toBe(dbName);
    expect((await mariadbInventory(fx, 'db1')).databases).toEqual(before.databases);
    for (const host of HEADS) {
      const dirs = await fx.run(host, ['ls', '-A', `${MW}/sites`]);
      expect(dirs.stdout.split('\n').filter((name) => name.startsWith('.'))).toEqual([]);
    }
  }, 250_000);

  it('clone makes a second site serving from its own database; the original is untouched', async () => {
    await hub.ok(['clone', `@${WIKI}`, COPY], { timeoutMs: 200_000 });
    await serves(COPY, 'Changed again.');
    await edit(MW, COPY, 'Only in the copy.');
    await serves(COPY, 'Only in the copy.');
    await serves(WIKI, 'Changed again.');
    expect(setting(await settingsOf(MW, COPY), '$wgDBname')).not.toBe(setting(await settingsOf(MW, WIKI), '$wgDBname'));
    expect(JSON.parse((await hub.ok(['show', `@${COPY}`, '--json'])).stdout)).toMatchObject({ status: 'enabled' });
  }, 250_000);

  it('migrate to another MariaDB server moves the database; the old one is gone', async () => {
    const oldDb = setting(await settingsOf(MW, COPY), '$wgDBname');
    await hub.ok(['migrate', `@${COPY}`, '--db', '@db2'], { timeoutMs: 200_000 });
    await serves(COPY, 'Only in the copy.');
    const settings = await settingsOf(MW, COPY);
    expect(setting(settings, '$wgDBserver')).toContain(dbs[1]?.host ?? 'db2');
    expect((await mariadbInventory(fx, 'db2')).databases).toContain(setting(settings, '$wgDBname'));
    expect((await mariadbInventory(fx, 'db1')).databases).not.toContain(oldDb);
  }, 250_000);

  it('migrate to platform B runs the updater and removes the old directory', async () => {
    await hub.ok(['verify', '@mw2'], { timeoutMs: 180_000 });
    await hub.ok(['migrate', `@${COPY}`, '--platform', '@mw2'], { timeoutMs: 250_000 });
    await serves(COPY, 'Only in the copy.');
    for (const host of HEADS) {
      expect((await fx.fileStat(host, `${MW}/sites/${COPY}`)).exists).toBe(false);
      expect((await fx.fileStat(host, `${MW2}/sites/${COPY}/LocalSettings.php`)).exists).toBe(true);
    }
  }, 300_000);

  it('migrate to a new uri serves the site there; the old uri, its directory and database are gone', async () => {
    const oldDb = setting(await settingsOf(MW2, COPY), '$wgDBname');
    await hub.ok(['migrate', `@${COPY}`, '--uri', 'renamed.lifecycle.test'], { timeoutMs: 250_000 });
    await serves('renamed.lifecycle.test', 'Only in the copy.');
    for (const host of HEADS) {
      expect((await fx.fileStat(host, `${MW2}/sites/${COPY}`)).exists).toBe(false);
      const old = await httpGetUntil(address(host), COPY, (r) => r.status === 404, PAGE);
      expect(old.status).toBe(404);
    }
    expect((await mariadbInventory(fx, 'db2')).databases).not.toContain(oldDb);
    expect((await hub.run(['show', `@${COPY}`])).code).toBe(2);
  }, 300_000);

  it('a move between db kinds is refused before anything runs', async () => {
    await hub.ok(['server', 'add', '@pgx', '--host', address('db2'), '--db', 'postgres', '--set', 'db.user=postgres', '--accept-host-key']);
    const run = await hub.run(['migrate', `@${WIKI}`, '--db', '@pgx']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/db servers of one kind/);
  });

  it('migrate with the target db server down leaves the original serving and nothing on the target', async () => {
    const before = await mariadbInventory(fx, 'db2');
    await fx.run('db2', ['sh', '-c', 'kill -STOP $(pidof mariadbd)']);
    try {
      const run = await hub.run(['migrate', `@${WIKI}`, '--db', '@db2'], { timeoutMs: 200_000 });
      expect(run.code).toBe(1);
    } finally {
      await fx.run('db2', ['sh', '-c', 'kill -CONT $(pidof mariadbd)']);
    }
    await serves(WIKI, 'Changed again.');
    expect(await mariadbInventory(fx, 'db2')).toEqual(before);
    expect(JSON.parse((await hub.ok(['show', `@${WIKI}`, '--json'])).stdout)).toMatchObject({ db: '@db1', status: 'enabled' });
  }, 250_000);

  it('no secret reached any output', () => {
    const everything = hub.transcript.join('\n');
    for (const db of dbs) expect(everything).not.toContain(db.password);
  });
});
