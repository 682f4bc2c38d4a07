/**
 * Installs queued at once on one platform run as a group: the daemon claims them together and runs
 * one merged plan (one config test and one reload per web head of the cluster, one facts read per
 * server); every task still ends with its own status, plan and log. When one site of a group cannot
 * be installed, the group's plan is rolled back and every task runs alone: the others succeed, the
 * bad one fails and leaves nothing behind.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { FINAL_STATUSES, getTask, listTasks, readTaskLog, type TaskRecord } from '../../src/store/queue/index.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';
import { spawnDaemon, type DaemonProcess } from '../queue/daemon-process.js';
import { createAegirHub, initAndTrust, shown, type AegirHub } from '../support/aegir-cli.js';
import { httpGetUntil } from '../support/http-get.js';
import { until as pollUntil } from '../support/until.js';

const ROOT = '/var/www/groupapp';
const VHOST_DIR = '/etc/nginx/aegir/vhost.d';
const HEADS = ['web1', 'web2'] as const;

const INDEX_PHP = `<?php
$s = require __DIR__ . '/sites/' . $_SERVER['SERVER_NAME'] . '/settings.php';
$d = $s['db'];
$pdo = new PDO("mysql:host={$d['host']};port={$d['port']};dbname={$d['name']}", $d['user'], $d['password']);
echo 'db=', $d['name'], ' ok=', $pdo->query('SELECT 1')->fetchColumn(), "\\n";
`;

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000, everyMs = 50): Promise<T> =>
  pollUntil(what, probe, timeoutMs, everyMs);

describeWithFixture('installs queued together run as one group', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let db: DatabaseServer;
  let admin: mysql.Connection;
  let store: Store;
  const source = mkdtempSync(join(tmpdir(), 'aegir-groupapp-'));
  const daemons: DaemonProcess[] = [];

  const queueInstall = async (uri: string): Promise<number> => {
    const queued = await hub.ok(['install', uri, '--platform', '@app', '--db', '@db1', '--no-wait']);
    const id = Number(queued.stdout.trim());
    expect(id, shown(queued)).toBeGreaterThan(0);
    return id;
  };
  const serve = async (): Promise<DaemonProcess> => {
    const d = spawnDaemon({ AEGIR_HOME: hub.home, LANG: 'C.UTF-8', AEGIR_QUEUE_POLL_MS: '200' }, { testTasks: false });
    daemons.push(d);
    await d.ready;
    expect(d.child.exitCode, d.stderr()).toBeNull();
    return d;
  };
  const finished = (id: number): Promise<TaskRecord> =>
    until(`task ${id} to finish`, async () => {
      const task = await getTask(store, id);
      return task !== undefined && FINAL_STATUSES.includes(task.status) ? task : undefined;
    });
  const databases = async (): Promise<string[]> =>
    ((await admin.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA'))[0] as { name: string }[]).map((r) => r.name);
  /** The distinct runs of an action (by its start time) seen in the logs of these tasks. */
  const runsOf = async (ids: readonly number[], actionId: string): Promise<Set<number>> => {
    const starts = new Set<number>();
    for (const id of ids) {
      for (const entry of await readTaskLog(store, id)) {
        const result = entry.data.result as { id?: string; startedAt?: number; status?: string } | undefined;
        if (entry.type === 'action-end' && result?.id === actionId && result.status !== 'skipped') starts.add(result.startedAt ?? -1);
      }
    }
    return starts;
  };
  const expectServed = async (uri: string): Promise<void> => {
    for (const head of HEADS) {
      const page = await httpGetUntil(fx.host(head).address, uri, (r) => r.status === 200);
      expect(page.status, `${uri} on ${head}: ${page.body}`).toBe(200);
      expect(page.body).toMatch(/ok=1/);
    }
  };

  beforeAll(async () => {
    fx = fixture();
    mkdirSync(join(source, 'sites'));
    writeFileSync(join(source, 'index.php'), INDEX_PHP);
    chmodSync(source, 0o755);
    for (const head of HEADS) {
      await fx.startPhpFpm(head);
      await fx.startNginx(head);
      await fx.run(head, ['rm', '-f', '/etc/nginx/sites-enabled/default']);
    }
    db = await fx.startMariadb('db1');
    admin = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    for (const head of HEADS) {
      await hub.ok(['server', 'add', `@${head}`, '--host', fx.host(head).address, '--http', 'nginx', '--accept-host-key']);
      await hub.ok(['verify', `@${head}`]);
    }
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    await hub.ok(['server', 'add', '@db1', '--host', fx.host('db1').address, '--db', 'mysql', '--accept-host-key',
      '--set', `db.user=${db.user}`, '--set', 'db.password=-'], { stdin: db.password });
    await hub.ok(['platform', 'add', '@app', '--root', ROOT, '--app', 'php', '--web', '@web', '--source', source]);
    await hub.ok(['verify', '@app']);
    store = await openStore({ home: hub.home });
  }, 180_000);

  afterEach(async () => {
    for (const d of daemons.splice(0)) {
      if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGTERM');
      await d.exited;
    }
  });

  afterAll(async () => {
    await store?.close();
    await admin?.end();
    hub?.dispose();
    rmSync(source, { recursive: true, force: true });
  });

  it('six installs: claimed as one group, one config test and one reload per web head, each task its own result', { timeout: 180_000 }, async () => {
    const uris = Array.from({ length: 6 }, (_, i) => `g${i + 1}.test`);
    const ids: number[] = [];
    for (const uri of uris) ids.push(await queueInstall(uri));
    const d = await serve();
    const tasks = await Promise.all(ids.map(finished));
    for (const task of tasks) expect(task, task.error).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(await listTasks(store, { status: 'running' })).toEqual([]);

    // Claimed together, by one worker, as one group led by the first.
    for (const id of ids) {
      const claimed = (await readTaskLog(store, id)).find((e) => e.type === 'claimed');
      expect(claimed?.data).toMatchObject({ group: ids[0], groupSize: 6 });
    }
    const started = d.lines().filter((l) => l.msg === 'task started');
    expect(started).toHaveLength(1);
    expect(started[0]?.group).toEqual(ids);

    // One config test and one reload per head for all six, shared by every task's log.
    for (const head of HEADS) {
      expect((await runsOf(ids, `http:@${head}:config-test`)).size).toBe(1);
      expect((await runsOf(ids, `http:@${head}:reload`)).size).toBe(1);
    }
    // Each task keeps its own plan and its own share of the results (its vhost, not the others').
    for (const [i, task] of tasks.entries()) {
      const plan = task.plan as { actions: { id: string }[] };
      const result = task.result as { status: string; actions: { id: string }[] };
      expect(result.status).toBe('succeeded');
      expect(result.actions.map((a) => a.id).sort()).toEqual(plan.actions.map((a) => a.id).sort());
      const mine = plan.actions.map((a) => a.id).filter((id) => id.includes('.test'));
      expect(mine.length).toBeGreaterThan(0);
      for (const other of uris.filter((_, j) => j !== i)) expect(mine.some((id) => id.includes(other))).toBe(false);
    }
    for (const uri of uris) {
      expect((await store.sites.get(`@${uri}`))?.status).toBe('enabled');
      await expectServed(uri);
    }
  });

  it('a site that cannot be installed: the group is rolled back, runs again without it, and only the bad one fails', { timeout: 180_000 }, async () => {
    const good = ['h1.test', 'h2.test', 'h3.test'] as const;
    const order = [good[0], 'hbad.test', good[1], good[2]];
    const bad = 'hbad.test';
    // A file where the bad site's directory must go: its install fails on web2 (after web1 was done).
    await fx.run('web2', ['install', '-D', '-m', '0644', '/dev/null', `${ROOT}/sites/${bad}`]);
    const ids: number[] = [];
    for (const uri of order) ids.push(await queueInstall(uri));
    const d = await serve();
    const tasks = await Promise.all(ids.map(finished));
    const byUri = new Map(order.map((uri, i) => [uri, tasks[i]]));
    expect(byUri.get(bad)?.status).toBe('failed');
    for (const uri of good) expect(byUri.get(uri), byUri.get(uri)?.error).toMatchObject({ status: 'succeeded' });

    // All four were claimed as one group; its plan failed at the bad site's step and was rolled back.
    const notices = async (id: number): Promise<string[]> =>
      (await readTaskLog(store, id)).filter((e) => e.type === 'notice').map((e) => String(e.data.text));
    for (const id of ids) expect((await readTaskLog(store, id)).find((e) => e.type === 'claimed')?.data).toMatchObject({ groupSize: 4 });
    expect((await notices(ids[1] ?? 0)).some((text) => /running alone/.test(text))).toBe(true);
    // The three good ones ran again together, as a group of three: one more config test and reload per head.
    for (const id of [ids[0], ids[2], ids[3]]) {
      const texts = await notices(id ?? 0);
      expect(texts.some((text) => /running again without/.test(text))).toBe(true);
      expect(texts.some((text) => /runs with 2 other installs/.test(text))).toBe(true);
    }
    expect(d.lines().filter((l) => l.msg === 'task started')).toHaveLength(1);
    for (const uri of good) await expectServed(uri);
    // The bad site left nothing: no database, no directory on web1, no vhost on any head.
    const name = bad.replace(/\W/g, '_');
    expect(await databases()).not.toContain(name);
    expect((await fx.fileStat('web1', `${ROOT}/sites/${bad}`)).exists).toBe(false);
    for (const head of HEADS) expect((await fx.fileStat(head, `${VHOST_DIR}/${bad}.conf`)).exists).toBe(false);
    expect((await store.sites.get(`@${bad}`))?.status).toBe('failed');
  });
});
