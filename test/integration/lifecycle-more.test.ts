/**
 * Backup and restore of a site on PostgreSQL, and lifecycle tasks run by a real `aegir serve`:
 * one web head (nginx + PHP-FPM) and one db host with both PostgreSQL and MariaDB, the generic
 * PHP app (its page shows the database it reads and the rows in it). Every claim is checked over
 * HTTP, in the databases, in the archive and in the daemon's own log.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, type AegirHub } from '../support/aegir-cli.js';
import { mariadbInventory, postgresInventory, postgresQuery } from '../support/db-inspect.js';
import { damageBackup } from '../support/backups.js';
import { httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { spawnDaemon, type DaemonProcess } from '../queue/daemon-process.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const ROOT = '/var/aegir/platforms/app';
// Not `pg.*`: PostgreSQL reserves role names starting with `pg_`.
const PG_SITE = 'pgsite.more.test';
const MY_SITE = 'my.more.test';
const COPY = 'copy.more.test';
const PG_COPY = 'pgcopy.more.test';
/** A wrapper in front of pg_dump on web1 that records its argv and whether PGPASSWORD was set. */
const PG_DUMP_LOG = '/var/tmp/pg_dump-calls.log';
const PG_DUMP_WRAPPER = [
  '#!/bin/sh',
  `printf 'argv: %s\\n' "$*" >> ${PG_DUMP_LOG}`,
  `if [ -n "$PGPASSWORD" ]; then echo 'env: PGPASSWORD set' >> ${PG_DUMP_LOG}; fi`,
  'exec /usr/bin/pg_dump "$@"',
  '',
].join('\n');

interface TaskJson { id: number; status: string; verb: string }

describeWithFixture('more lifecycle: PostgreSQL backup and restore, lifecycle tasks under aegir serve', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platform: TestPlatform;
  let maria: DatabaseServer;
  let pg: DatabaseServer;
  let daemon: DaemonProcess | undefined;
  const web1 = (): string => fx.host('web1').address;
  const dbNameOf = async (uri: string): Promise<string> =>
    /'name' => '([^']+)'/.exec(await fx.readFile('web1', `${ROOT}/sites/${uri}/settings.php`))?.[1] ?? '';
  /** The page of `uri` once it shows `text`; the database it reports. */
  const serves = async (uri: string, text: string): Promise<string> => {
    const page = await httpGetUntil(web1(), uri, (r) => r.status === 200 && r.body.includes(text));
    expect(page.body, uri).toContain(`site: ${uri}`);
    expect(page.body, uri).toContain(text);
    return /database: (\S+)/.exec(page.body)?.[1] ?? '';
  };

  beforeAll(async () => {
    fx = fixture();
    ({ php: platform } = await testPlatforms(['php']));
    const web = async (): Promise<void> => {
      await fx.startPhpFpm('web1');
      await fx.startNginx('web1');
      await fx.run('web1', ['rm', '-f', '/etc/nginx/sites-enabled/default']);
      await fx.run('web1', ['mkdir', '-p', '/var/aegir/platforms']);
      const wrapper = await fx.run('web1', ['sh', '-c', 'cat > /usr/local/bin/pg_dump && chmod 755 /usr/local/bin/pg_dump'], { stdin: PG_DUMP_WRAPPER });
      expect(wrapper.exitCode).toBe(0);
    };
    [maria, pg] = await Promise.all([fx.startMariadb('db1'), fx.startPostgres('db1'), web()]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    await hub.ok(['server', 'add', '@web1', '--host', web1(), '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', maria.host, '--db', 'mysql', '--set', `db.user=${maria.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${maria.password}\n` });
    await hub.ok(['server', 'add', '@pg1', '--host', pg.host, '--db', 'postgres', '--set', `db.user=${pg.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${pg.password}\n` });
    for (const server of ['@web1', '@db1', '@pg1']) await hub.ok(['verify', server]);
    await hub.ok(['platform', 'add', '@app', '--root', ROOT, '--app', 'php', '--web', '@web1', '--source', platform.dir]);
    await hub.ok(['verify', '@app'], { timeoutMs: 120_000 });
    await hub.ok(['install', PG_SITE, '--platform', '@app', '--db', '@pg1'], { timeoutMs: 120_000 });
    await hub.ok(['install', MY_SITE, '--platform', '@app', '--db', '@db1'], { timeoutMs: 120_000 });
  }, 300_000);

  afterAll(async () => {
    if (daemon !== undefined && daemon.child.exitCode === null) {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    hub?.dispose();
  });

  it('backup of a PostgreSQL site: the archive holds a pg_dump of its data; the password never was in argv', async () => {
    const name = await dbNameOf(PG_SITE);
    await postgresQuery(fx, 'db1', "INSERT INTO visits (note) VALUES ('before-backup')", name);
    expect(await serves(PG_SITE, 'before-backup: 1')).toBe(name);
    await hub.ok(['backup', `@${PG_SITE}`], { timeoutMs: 120_000 });
    const list = JSON.parse((await hub.ok(['backup', 'list', `@${PG_SITE}`, '--json'])).stdout) as { file: string; dbServer: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]?.dbServer).toBe('@pg1');
    const path = `${hub.home}/backups/${list[0]?.file ?? ''}`;
    expect(execFileSync('stat', ['-c', '%a', path], { encoding: 'utf8' }).trim()).toBe('600');
    const names = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n');
    expect(names).toContain('db/database.sql');
    expect(names).toContain('site/settings.php');
    const dump = execFileSync('tar', ['-xzOf', path, 'db/database.sql'], { encoding: 'utf8' });
    expect(dump).toContain('PostgreSQL database dump');
    expect(dump).toMatch(/COPY public\.visits \(note\) FROM stdin;/);
    expect(dump).toContain('before-backup');
    // pg_dump ran on web1 with the password in its environment (sent over stdin), never in argv.
    const calls = await fx.readFile('web1', PG_DUMP_LOG);
    expect(calls).toContain(`argv: `);
    expect(calls).toContain(name);
    expect(calls).toContain('env: PGPASSWORD set');
    const password = /'password' => '([^']+)'/.exec(await fx.readFile('web1', `${ROOT}/sites/${PG_SITE}/settings.php`))?.[1] ?? '';
    expect(password.length).toBeGreaterThan(8);
    expect(calls).not.toContain(password);
    expect(hub.transcript.join('\n')).not.toContain(password);
  }, 150_000);

  it('restore of a PostgreSQL site serves the old data from a new database; the old database is dropped', async () => {
    const before = await dbNameOf(PG_SITE);
    await postgresQuery(fx, 'db1', "INSERT INTO visits (note) VALUES ('changed')", before);
    await serves(PG_SITE, 'changed: 1');
    const list = JSON.parse((await hub.ok(['backup', 'list', `@${PG_SITE}`, '--json'])).stdout) as { id: number }[];
    const first = list[list.length - 1]?.id;
    // A client still connected to the old database (a request in flight, a pooler) does not stop its drop.
    const holder = await fx.run('db1', ['sh', '-c',
      `psql -X -h /run/postgresql -U postgres -d ${before} -c 'SELECT pg_sleep(120)' >/dev/null 2>&1 </dev/null & echo started`], { user: 'postgres' });
    expect(holder.stdout).toContain('started');
    await expect.poll(async () => postgresQuery(fx, 'db1', `SELECT count(*) FROM pg_stat_activity WHERE datname = '${before}'`)).toEqual(['1']);
    await hub.ok(['restore', `@${PG_SITE}`, String(first)], { timeoutMs: 180_000 });
    const after = await dbNameOf(PG_SITE);
    expect(after).not.toBe(before);
    const page = await httpGetUntil(web1(), PG_SITE, (r) => r.status === 200 && r.body.includes(`database: ${after}`));
    expect(page.body).toContain('before-backup: 1');
    expect(page.body).not.toContain('changed');
    const databases = (await postgresInventory(fx, 'db1')).databases;
    expect(databases).toContain(after);
    expect(databases).not.toContain(before);
    // The restore took a backup first: two now.
    expect(JSON.parse((await hub.ok(['backup', 'list', `@${PG_SITE}`, '--json'])).stdout)).toHaveLength(2);
  }, 200_000);

  it('a PostgreSQL restore whose import fails leaves the changed site serving; the new database is dropped', async () => {
    const name = await dbNameOf(PG_SITE);
    await postgresQuery(fx, 'db1', "INSERT INTO visits (note) VALUES ('changed-again')", name);
    await serves(PG_SITE, 'changed-again: 1');
    const before = await postgresInventory(fx, 'db1');
    // The oldest backup's dump is damaged (its checksum updated): psql stops at the bad line.
    const list = JSON.parse((await hub.ok(['backup', 'list', `@${PG_SITE}`, '--json'])).stdout) as { id: number; file: string }[];
    const oldest = list[list.length - 1];
    if (oldest === undefined) throw new Error('no backup to damage');
    damageBackup(hub.home, oldest);
    const run = await hub.run(['restore', `@${PG_SITE}`, String(oldest?.id)], { timeoutMs: 180_000 });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`FAILED +@web1 +restore:@web1:${PG_SITE.replace(/\\./g, '\\\\.')}:import `));
    expect(await serves(PG_SITE, 'changed-again: 1')).toBe(name);
    expect(await dbNameOf(PG_SITE)).toBe(name);
    expect((await postgresInventory(fx, 'db1'))).toEqual(before);
    const dirs = await fx.run('web1', ['ls', '-A', `${ROOT}/sites`]);
    expect(dirs.stdout.split('\n').filter((entry) => entry.startsWith('.'))).toEqual([]);

    // The damaged backup goes: its record and its archive.
    const listed = JSON.parse((await hub.ok(['backup', 'list', `@${PG_SITE}`, '--json'])).stdout) as { id: number }[];
    await hub.ok(['backup', 'delete', `@${PG_SITE}`, String(oldest.id)]);
    const left = JSON.parse((await hub.ok(['backup', 'list', `@${PG_SITE}`, '--json'])).stdout) as { id: number }[];
    expect(left.map((b) => b.id)).toEqual(listed.map((b) => b.id).filter((id) => id !== oldest.id));
    expect(existsSync(`${hub.home}/backups/${oldest.file}`)).toBe(false);
  }, 200_000);

  it('with aegir serve running, backup and clone from the CLI are run by the daemon and succeed', async () => {
    daemon = spawnDaemon({ AEGIR_HOME: hub.home, LANG: 'C.UTF-8', AEGIR_QUEUE_POLL_MS: '200' }, { testTasks: false });
    await daemon.ready;
    expect(daemon.child.exitCode, daemon.stderr()).toBeNull();
    const ranByDaemon = (id: number): void => {
      const lines = daemon?.lines() ?? [];
      const started = lines.find((l) => l.msg === 'task started' && l.task === id);
      expect(started, JSON.stringify(lines)).toBeDefined();
      expect(String(started?.worker)).toMatch(/:w\d+$/);
      expect(lines.find((l) => l.msg === 'task finished' && l.task === id)).toMatchObject({ status: 'succeeded' });
    };

    const backup = JSON.parse((await hub.ok(['backup', `@${MY_SITE}`, '--json'], { timeoutMs: 120_000 })).stdout) as TaskJson;
    expect(backup).toMatchObject({ verb: 'backup', status: 'succeeded' });
    ranByDaemon(backup.id);
    const list = JSON.parse((await hub.ok(['backup', 'list', `@${MY_SITE}`, '--json'])).stdout) as { file: string }[];
    expect(list).toHaveLength(1);
    const dump = execFileSync('tar', ['-xzOf', `${hub.home}/backups/${list[0]?.file ?? ''}`, 'db/database.sql'], { encoding: 'utf8' });
    expect(dump).toContain('INSERT INTO `visits`');

    const clone = JSON.parse((await hub.ok(['clone', `@${MY_SITE}`, COPY, '--json'], { timeoutMs: 180_000 })).stdout) as TaskJson;
    expect(clone).toMatchObject({ verb: 'clone', status: 'succeeded' });
    ranByDaemon(clone.id);
    const original = await serves(MY_SITE, 'installed: 1');
    const copy = await serves(COPY, 'installed: 1');
    expect(copy).not.toBe(original);
    expect(copy).toBe(await dbNameOf(COPY));
    expect((await mariadbInventory(fx, 'db1')).databases).toEqual(expect.arrayContaining([original, copy]));
    expect(JSON.parse((await hub.ok(['show', `@${COPY}`, '--json'])).stdout)).toMatchObject({ status: 'enabled', db: '@db1' });

    // A clone of the PostgreSQL site, by the daemon too: its own database on @pg1.
    const pgClone = JSON.parse((await hub.ok(['clone', `@${PG_SITE}`, PG_COPY, '--json'], { timeoutMs: 180_000 })).stdout) as TaskJson;
    expect(pgClone).toMatchObject({ verb: 'clone', status: 'succeeded' });
    ranByDaemon(pgClone.id);
    const pgOriginal = await serves(PG_SITE, 'changed-again: 1');
    const pgCopy = await serves(PG_COPY, 'changed-again: 1');
    expect(pgCopy).not.toBe(pgOriginal);
    expect((await postgresInventory(fx, 'db1')).databases).toEqual(expect.arrayContaining([pgOriginal, pgCopy]));

    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  }, 400_000);

  it('no secret reached any output', () => {
    const everything = hub.transcript.join('\n');
    for (const db of [maria, pg]) expect(everything).not.toContain(db.password);
  });
});
