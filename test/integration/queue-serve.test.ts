import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { requestTask } from '../../src/hosting/index.js';
import type { Store } from '../../src/store/index.js';
import { getTask, listTasks, readTaskLog } from '../../src/store/queue/index.js';
import { ensureBuilt } from '../cli/aegir-binary.js';
import { spawnDaemon, type DaemonProcess } from '../queue/daemon-process.js';
import { anyVerb, seedInventory } from '../queue/support.js';
import { createFixture, describeEachBackend, type StoreFixture } from '../store/backends.js';
import { until } from '../support/until.js';

const ACTOR = 'cli:tester';

describeEachBackend('aegir serve', (backend) => {
  let fixture: StoreFixture;
  let store: Store;
  let dir: string;
  const children: DaemonProcess[] = [];

  beforeAll(() => ensureBuilt());

  beforeEach(async () => {
    fixture = await createFixture(backend);
    store = await fixture.open();
    await seedInventory(store);
    dir = mkdtempSync(join(tmpdir(), 'aegir-serve-'));
  });

  afterEach(async () => {
    for (const d of children.splice(0)) {
      d.child.kill('SIGKILL');
      await d.exited;
    }
    await store.close();
    fixture.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    AEGIR_HOME: fixture.home,
    ...(fixture.databaseUrl ? { AEGIR_DATABASE_URL: fixture.databaseUrl } : {}),
    AEGIR_TEST_DIR: dir,
    AEGIR_QUEUE_POLL_MS: '100',
    AEGIR_QUEUE_HEARTBEAT_MS: '200',
    ...extra,
  });
  const daemon = async (extra: NodeJS.ProcessEnv = {}, options: { testTasks?: boolean } = {}): Promise<DaemonProcess> => {
    const d = spawnDaemon(env(extra), options);
    children.push(d);
    await d.ready;
    expect(d.child.exitCode, d.stderr()).toBeNull();
    return d;
  };
  const ask = (target: string): Promise<number> => requestTask(store, ACTOR, { verb: 'slow', target }, anyVerb);
  const finished = (id: number, timeoutMs?: number) =>
    until(`task ${id}`, async () => {
      const task = await getTask(store, id);
      return task !== undefined && ['succeeded', 'failed', 'cancelled'].includes(task.status) ? task : undefined;
    }, timeoutMs);

  it('recovers a task whose daemon was SIGKILLed mid-run: run again by the next daemon, never left running', async () => {
    const first = await daemon({ AEGIR_QUEUE_LEASE_MS: '1500', AEGIR_TEST_SLEEP: '3' });
    const id = await ask('@a.example.com');
    await until('the first action', async () => (existsSync(join(dir, `first-${id}`)) ? true : undefined));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect((await getTask(store, id))?.status).toBe('running');

    const second = await daemon({ AEGIR_QUEUE_LEASE_MS: '1500', AEGIR_TEST_SLEEP: '1' });
    const task = await finished(id);
    expect(task).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(readFileSync(join(dir, `second-${id}`), 'utf8')).toBe('attempt 2\n');
    const log = await readTaskLog(store, id);
    const claims = log.filter((e) => e.type === 'claimed');
    expect(claims.map((e) => e.attempt)).toEqual([1, 2]);
    expect(log.find((e) => e.type === 'recovered')?.data.reason).toMatch(/expired/);
    // Everything attempt 2 wrote came after the recovery: the two runs never overlapped.
    const recoveredAt = log.findIndex((e) => e.type === 'recovered');
    expect(log.slice(0, recoveredAt).every((e) => e.attempt === 1)).toBe(true);
    expect(log.slice(recoveredAt + 1).every((e) => e.attempt === 2)).toBe(true);
    expect(await listTasks(store, { status: 'running' })).toEqual([]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines().map((l) => l.msg)).toEqual(expect.arrayContaining(['task started', 'task finished', 'stopped']));
  });

  it('SIGTERM: stops claiming, lets a running task finish, then exits 0', async () => {
    const d = await daemon({ AEGIR_TEST_SLEEP: '1', AEGIR_WORKERS: '1' });
    const running = await ask('@a.example.com');
    const waiting = await ask('@b.example.com');
    await until('the task to start', async () => (existsSync(join(dir, `first-${running}`)) ? true : undefined));
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect((await getTask(store, running))?.status).toBe('succeeded');
    expect((await getTask(store, waiting))?.status).toBe('queued');
  });

  it('SIGTERM past the shutdown timeout cancels the running task, which rolls back', async () => {
    const d = await daemon({ AEGIR_TEST_SLEEP: '4', AEGIR_SHUTDOWN_TIMEOUT_MS: '300' });
    const id = await ask('@a.example.com');
    await until('the task to start', async () => (existsSync(join(dir, `first-${id}`)) ? true : undefined));
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(await getTask(store, id)).toMatchObject({ status: 'cancelled' });
    expect(existsSync(join(dir, `first-${id}`))).toBe(false);
    expect(d.lines().map((l) => l.msg)).toContain('shutdown timeout: cancelling running tasks');
  });

  it('the aegir binary serves the queue and refuses a second daemon on a SQLite hub', async () => {
    const d = await daemon({}, { testTasks: false });
    expect(d.lines()[0]).toMatchObject({ level: 30, msg: 'serving the task queue', backend });
    if (backend === 'sqlite') {
      const second = spawnDaemon(env(), { testTasks: false });
      children.push(second);
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toMatch(/already serves this hub/);
    }
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
  });

  it.runIf(backend === 'postgres')('two daemons share the queue: each task runs once, per-site order holds, both work', async () => {
    const a = await daemon({ AEGIR_TEST_SLEEP: '0', AEGIR_WORKERS: '3', AEGIR_QUEUE_POLL_MS: '60000' });
    const b = await daemon({ AEGIR_TEST_SLEEP: '0', AEGIR_WORKERS: '3', AEGIR_QUEUE_POLL_MS: '60000' });
    const ids: number[] = [];
    const targets = ['@a.example.com', '@b.example.com', '@c.example.com'];
    for (let i = 0; i < 30; i++) ids.push(await ask(targets[i % 3] as string));
    for (const id of ids) expect(await finished(id, 60_000)).toMatchObject({ status: 'succeeded', attempt: 1 });
    const owners = new Set<string>();
    for (const target of targets) {
      const starts: { id: number; at: number }[] = [];
      for (const id of ids.filter((_, i) => targets[i % 3] === target)) {
        const claims = (await readTaskLog(store, id)).filter((e) => e.type === 'claimed');
        expect(claims).toHaveLength(1);
        owners.add(String(claims[0]?.data.owner).split(':w')[0] as string);
        starts.push({ id, at: claims[0]?.at as number });
      }
      expect(starts.map((s) => s.id)).toEqual([...starts].sort((x, y) => x.at - y.at || x.id - y.id).map((s) => s.id));
    }
    expect(owners.size).toBe(2);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect([await a.exited, await b.exited]).toEqual([0, 0]);
  });
});
