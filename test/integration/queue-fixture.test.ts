/**
 * The queue on the fixture, with the `aegir` binary and real servers (an nginx web head, a MariaDB
 * host): an `aegir serve` SIGKILLed at several points of a site install, then a new one started;
 * and a running install cancelled. Every outcome is checked on the servers: a succeeded install
 * serves its page and verifies clean; a failed or cancelled one leaves no database, directory or
 * vhost; no task is ever left running.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { FINAL_STATUSES, getTask, listTasks, readTaskLog, type TaskLogEntry, type TaskRecord } from '../../src/store/queue/index.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';
import { spawnDaemon, type DaemonProcess } from '../queue/daemon-process.js';
import { createAegirHub, initAndTrust, shown, summaryLine, type AegirHub } from '../support/aegir-cli.js';
import { until as pollUntil } from '../support/until.js';

const ROOT = '/var/www/queueapp';
const VHOST_DIR = '/etc/nginx/aegir/vhost.d';

const INDEX_PHP = `<?php
$s = require __DIR__ . '/sites/' . $_SERVER['SERVER_NAME'] . '/settings.php';
$d = $s['db'];
$pdo = new PDO("mysql:host={$d['host']};port={$d['port']};dbname={$d['name']}", $d['user'], $d['password']);
echo 'db=', $d['name'], ' row=', $pdo->query('SELECT greeting FROM hello')->fetchColumn(), "\\n";
`;

/** Its installer fills the site's database, then takes 2 s (a window to kill or cancel it in). */
const INSTALL_PHP = `<?php
$site = getenv('AEGIR_SITE');
$s = require getenv('AEGIR_SETTINGS');
$d = $s['db'];
$pdo = new PDO("mysql:host={$d['host']};port={$d['port']};dbname={$d['name']}", $d['user'], $d['password']);
$pdo->exec('CREATE TABLE hello (greeting VARCHAR(100))');
$pdo->prepare('INSERT INTO hello VALUES (?)')->execute(["hello from $site"]);
sleep(2);
`;

/** Where in the install plan the worker is killed, read from the task's log as it is written. */
const KILL_POINTS: readonly { name: string; when: (entry: TaskLogEntry) => boolean; delayMs?: number }[] = [
  { name: 'after the db step', when: (e) => e.type === 'action-end' && /:grant:/.test(resultId(e)) },
  { name: 'after the settings', when: (e) => e.type === 'action-end' && /:settings:/.test(resultId(e)) },
  { name: 'during the installer', when: (e) => e.type === 'action-start' && /:install$/.test(String(e.data.id)), delayMs: 500 },
  { name: 'after the installer', when: (e) => e.type === 'action-end' && /:install$/.test(resultId(e)) },
];

function resultId(entry: TaskLogEntry): string {
  return String((entry.data.result as { id?: unknown } | undefined)?.id ?? '');
}

function get(address: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: 80, path: '/', headers: { Host: host }, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 25): Promise<T> =>
  pollUntil(what, probe, timeoutMs, everyMs);

describeWithFixture('the task queue on the fixture: killed workers and cancelled installs', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let db: DatabaseServer;
  let admin: mysql.Connection;
  let store: Store;
  const source = mkdtempSync(join(tmpdir(), 'aegir-queueapp-'));
  const daemons: DaemonProcess[] = [];

  const daemon = async (): Promise<DaemonProcess> => {
    const d = spawnDaemon({
      AEGIR_HOME: hub.home, LANG: 'C.UTF-8',
      AEGIR_QUEUE_LEASE_MS: '1500', AEGIR_QUEUE_HEARTBEAT_MS: '200', AEGIR_QUEUE_POLL_MS: '200',
    }, { testTasks: false });
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
  const accounts = async (user: string): Promise<string[]> =>
    ((await admin.query('SELECT Host AS host FROM mysql.user WHERE User = ?', [user]))[0] as { host: string }[]).map((r) => r.host);
  const exists = async (path: string): Promise<boolean> => (await fx.fileStat('web1', path)).exists;
  const siteStatus = async (uri: string): Promise<string> => (await store.sites.get(`@${uri}`))?.status ?? 'gone';

  /** Nothing of the site is left on any server. */
  async function expectNothingLeft(uri: string): Promise<void> {
    const name = uri.replace(/\W/g, '_');
    expect(await databases()).not.toContain(name);
    expect(await accounts(name)).toEqual([]);
    expect(await exists(`${ROOT}/sites/${uri}`)).toBe(false);
    expect(await exists(`${VHOST_DIR}/${uri}.conf`)).toBe(false);
  }

  /** The site serves its page, and a verify finds nothing to change (or repairs it, then finds nothing). */
  async function expectInstalled(uri: string): Promise<void> {
    expect(await siteStatus(uri)).toBe('enabled');
    const name = uri.replace(/\W/g, '_');
    await until(`${uri} served`, async () => {
      const page = await get(fx.host('web1').address, uri).catch(() => ({ status: 0, body: '' }));
      return page.status === 200 && page.body.includes(`db=${name} row=hello from ${uri}`) ? true : undefined;
    }, 10_000, 100);
    const changedByVerify = async (): Promise<string[]> => {
      const run = await hub.ok(['verify', `@${uri}`, '--json']);
      const task = JSON.parse(run.stdout) as { status: string; result: { actions: { id: string; status: string }[] } };
      expect(task.status).toBe('succeeded');
      return task.result.actions.filter((a) => a.status === 'changed').map((a) => a.id);
    };
    if ((await changedByVerify()).length > 0) expect(await changedByVerify()).toEqual([]);
  }

  beforeAll(async () => {
    fx = fixture();
    mkdirSync(join(source, 'sites'));
    writeFileSync(join(source, 'index.php'), INDEX_PHP);
    writeFileSync(join(source, 'aegir-install.php'), INSTALL_PHP);
    chmodSync(source, 0o755);
    await fx.startPhpFpm('web1');
    await fx.startNginx('web1');
    await fx.run('web1', ['rm', '-f', '/etc/nginx/sites-enabled/default']);
    db = await fx.startMariadb('db1');
    admin = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    await hub.ok(['server', 'add', '@web1', '--host', fx.host('web1').address, '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['verify', '@web1']);
    await hub.ok(['server', 'add', '@db1', '--host', fx.host('db1').address, '--db', 'mysql', '--accept-host-key',
      '--set', `db.user=${db.user}`, '--set', 'db.password=-'], { stdin: db.password });
    await hub.ok(['platform', 'add', '@app', '--root', ROOT, '--app', 'php', '--web', '@web1', '--source', source]);
    await hub.ok(['verify', '@app']);
    store = await openStore({ home: hub.home });
  }, 120_000);

  afterEach(async () => {
    for (const d of daemons.splice(0)) {
      if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
      await d.exited;
    }
  });

  afterAll(async () => {
    await store?.close();
    await admin?.end();
    hub?.dispose();
    rmSync(source, { recursive: true, force: true });
  });

  for (const [i, point] of KILL_POINTS.entries()) {
    it(`a worker SIGKILLed ${point.name}: the next daemon ends the install succeeded, or failed and undone`, { timeout: 120_000 }, async () => {
      const uri = `kill${i + 1}.test`;
      const first = await daemon();
      const queued = await hub.ok(['install', uri, '--platform', '@app', '--db', '@db1', '--no-wait']);
      const id = Number(queued.stdout.trim());
      expect(id, shown(queued)).toBeGreaterThan(0);
      await until(`${point.name} in task ${id}'s log`, async () => ((await readTaskLog(store, id)).some(point.when) ? true : undefined));
      if (point.delayMs !== undefined) await new Promise((r) => setTimeout(r, point.delayMs));
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      const atKill = (await readTaskLog(store, id)).filter((e) => e.type === 'action-start').map((e) => String(e.data.id));
      expect((await getTask(store, id))?.status).toBe('running');

      await daemon();
      const task = await finished(id);
      expect(await listTasks(store, { status: 'running' })).toEqual([]);
      expect(task.attempt).toBeGreaterThanOrEqual(2);
      const log = await readTaskLog(store, id);
      expect(log.some((e) => e.type === 'recovered')).toBe(true);
      // The dead run had done things: the recovery undid them before the install ran again.
      expect(log.some((e) => e.type === 'notice' && /undoing what it did/.test(String(e.data.text)))).toBe(true);
      console.info(`killed ${point.name} (last action started: ${atKill.at(-1) ?? 'none'}): ${task.status} at attempt ${task.attempt}`);
      if (task.status === 'succeeded') {
        await expectInstalled(uri);
      } else {
        expect(task.status).toBe('failed');
        expect(await siteStatus(uri)).toBe('failed');
        await expectNothingLeft(uri);
      }
      // The same uri's database exists once at most, with one account (no leftover of the dead run).
      expect((await databases()).filter((d) => d === uri.replace(/\W/g, '_')).length).toBeLessThanOrEqual(1);
    });
  }

  it('cancel of a running install rolls it back: no database, directory or vhost left; task show had the plan', { timeout: 120_000 }, async () => {
    const uri = 'cancel1.test';
    await daemon();
    const id = Number((await hub.ok(['install', uri, '--platform', '@app', '--db', '@db1', '--no-wait'])).stdout.trim());
    await until('the installer to start', async () =>
      ((await readTaskLog(store, id)).some((e) => e.type === 'action-start' && /:install$/.test(String(e.data.id))) ? true : undefined));
    const shownRunning = await hub.ok(['task', 'show', String(id)]);
    expect(shownRunning.stdout).toMatch(/^status +running$/m);
    expect(shownRunning.stdout).toContain(`plan: install @${uri}`);
    expect(shownRunning.stdout).toMatch(new RegExp(`planned @web1 +app:@web1:${uri.replace(/\./g, '\\.')}:install`));
    expect((await hub.ok(['task', 'cancel', String(id)])).stdout).toContain('cancel requested');
    const task = await finished(id);
    expect(task.status).toBe('cancelled');
    expect(await listTasks(store, { status: 'running' })).toEqual([]);
    expect(await siteStatus(uri)).toBe('failed');
    await expectNothingLeft(uri);
    expect((await readTaskLog(store, id)).some((e) => e.type === 'undo-end')).toBe(true);
  });

  it('an install runs through the one pipeline whoever runs it: the CLI alone and aegir serve make the same plan and the same events', { timeout: 120_000 }, async () => {
    const alone = Number(/\(task (\d+)\)$/.exec(summaryLine(await hub.ok(['install', 'same1.test', '--platform', '@app', '--db', '@db1'])))?.[1]);
    await daemon();
    const served = Number(/\(task (\d+)\)$/.exec(summaryLine(await hub.ok(['install', 'same2.test', '--platform', '@app', '--db', '@db1'])))?.[1]);
    const owners = async (id: number): Promise<string[]> => (await readTaskLog(store, id)).filter((e) => e.type === 'claimed').map((e) => String(e.data.owner));
    expect(await owners(alone)).toEqual([expect.stringMatching(/:cli$/)]);
    expect(await owners(served)).toEqual([expect.not.stringMatching(/:cli$/)]);
    const normal = (text: string, n: number): string =>
      text.replaceAll(`same${n}.test`, 'SITE').replaceAll(`same${n}_test`, 'SITE_DB').replaceAll(`same${n}\\\\_test`, 'SITE_DB')
        // The config generation is a digest of the files written: another site, another digest.
        .replace(/aegir-[0-9a-f]{24}/g, 'GENERATION');
    const shape = async (id: number, n: number): Promise<{ plan: unknown; events: string[]; order: string[] }> => {
      const task = await getTask(store, id);
      const log = (await readTaskLog(store, id)).filter((e) => ['plan-start', 'action-start', 'action-end', 'plan-end'].includes(e.type));
      const events = log.map((e) => normal(`${e.type} ${String(e.data.id ?? resultId(e))} ${String((e.data.result as { status?: unknown } | undefined)?.status ?? '')}`, n));
      return { plan: JSON.parse(normal(JSON.stringify(task?.plan ?? {}), n)) as unknown, events: [...events].sort(), order: log.map((e) => e.type) };
    };
    const [a, b] = await Promise.all([shape(alone, 1), shape(served, 2)]);
    expect(b.plan).toEqual(a.plan);
    expect(b.events).toEqual(a.events);
    expect(a.order[0]).toBe('plan-start');
    expect(b.order.at(-1)).toBe('plan-end');
    await expectInstalled('same1.test');
    await expectInstalled('same2.test');
  });

  it('install and delete go through the queue: a daemon runs them while the CLI follows live', { timeout: 120_000 }, async () => {
    await daemon();
    const uri = 'follow1.test';
    const install = await hub.ok(['install', uri, '--platform', '@app', '--db', '@db1']);
    // The last line, as a task run in-process ends, with the task's id.
    expect(summaryLine(install)).toMatch(new RegExp(`^install @${uri.replace(/\./g, '\\.')}: succeeded \\(.*\\(task \\d+\\)$`));
    const id = Number(/\(task (\d+)\)$/.exec(summaryLine(install))?.[1]);
    // Run by the daemon, not by the CLI.
    const claims = (await readTaskLog(store, id)).filter((e) => e.type === 'claimed');
    expect(claims.map((e) => String(e.data.owner))).toEqual([expect.not.stringMatching(/:cli$/)]);
    await expectInstalled(uri);
    const refused = await hub.run(['delete', `@${uri}`]);
    expect(refused.code, shown(refused)).toBe(2);
    expect(refused.stderr).toContain('disable it first');
    const before = (await listTasks(store, { limit: 1000 })).length;
    const dry = await hub.ok(['delete', `@${uri}`, '--force', '--dry-run']);
    expect(dry.stdout).toContain(`${ROOT}/sites/${uri}`);
    expect((await listTasks(store, { limit: 1000 })).length).toBe(before);
    await hub.ok(['delete', `@${uri}`, '--force', '--yes']);
    expect(await siteStatus(uri)).toBe('gone');
    await expectNothingLeft(uri);
  });
});
