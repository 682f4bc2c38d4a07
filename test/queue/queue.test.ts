import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { changeAndRequest, QueueDaemon, requestTask, type TaskRunner } from '../../src/hosting/index.js';
import type { Store } from '../../src/store/index.js';
import {
  cancelTask, claimTask, finishTask, getTask, listTasks, PRIORITY_SCHEDULED, readTaskLog, registerDaemon, retryTask,
} from '../../src/store/queue/index.js';
import { createFixture, describeEachBackend, type StoreFixture } from '../store/backends.js';
import { site } from '../store/sample-entities.js';
import { anyVerb, FAST, overlaps, recordingRunner, seedInventory, slowRunner, type Interval } from './support.js';

const ACTOR = 'cli:tester';

describeEachBackend('task queue', (backend) => {
  let fixture: StoreFixture;
  let store: Store;
  const daemons: QueueDaemon[] = [];
  const extraStores: Store[] = [];

  beforeEach(async () => {
    fixture = await createFixture(backend);
    store = await fixture.open();
    await seedInventory(store);
  });

  afterEach(async () => {
    for (const daemon of daemons.splice(0)) await daemon.stop(100);
    for (const s of extraStores.splice(0)) await s.close();
    await store.close();
    fixture.dispose();
  });

  const ask = (verb: string, target: string, extra: { priority?: number; dependsOn?: number } = {}): Promise<number> =>
    requestTask(store, ACTOR, { verb, target, ...extra }, anyVerb);

  async function startDaemon(runner: TaskRunner, settings: Partial<typeof FAST> & { workers?: number } = {}, on = store): Promise<QueueDaemon> {
    const daemon = new QueueDaemon({
      store: on,
      runner,
      settings: { ...FAST, workers: 4, ...settings },
      ...(fixture.databaseUrl ? { databaseUrl: fixture.databaseUrl } : {}),
    });
    await daemon.start();
    daemons.push(daemon);
    return daemon;
  }

  async function waitFor(ids: readonly number[], timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const tasks = await Promise.all(ids.map((id) => getTask(store, id)));
      if (tasks.every((t) => t !== undefined && ['succeeded', 'failed', 'cancelled'].includes(t.status))) return;
      if (Date.now() > until) throw new Error(`tasks not finished: ${JSON.stringify(tasks.map((t) => [t?.id, t?.status]))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('enqueues in the same transaction as the entity change: both or neither', async () => {
    const { taskId } = await changeAndRequest(store, ACTOR, (tx) => tx.sites.insert({ ...site('new.example.com'), platform: '@p1' }),
      { verb: 'install', target: '@new.example.com' }, anyVerb);
    expect(await store.sites.get('@new.example.com')).toBeDefined();
    expect(await getTask(store, taskId)).toMatchObject({ verb: 'install', target: '@new.example.com', status: 'queued', requestedBy: ACTOR });
    expect((await getTask(store, taskId))?.locks).toEqual(expect.arrayContaining([
      { entity: '@new.example.com', mode: 'exclusive', server: false },
      { entity: '@p1', mode: 'shared', server: false },
      { entity: '@web1', mode: 'shared', server: true },
      { entity: '@db1', mode: 'shared', server: true },
    ]));

    // The task cannot be queued (it depends on a task that does not exist): the site is not added.
    await expect(changeAndRequest(store, ACTOR, (tx) => tx.sites.insert({ ...site('gone.example.com'), platform: '@p1' }),
      { verb: 'install', target: '@gone.example.com', dependsOn: 9999 }, anyVerb)).rejects.toThrow(/9999/);
    expect(await store.sites.get('@gone.example.com')).toBeUndefined();
    // The entity change fails (the uri is taken): no task is queued.
    const before = (await listTasks(store)).length;
    await expect(changeAndRequest(store, ACTOR, (tx) => tx.sites.insert({ ...site('new.example.com'), platform: '@p1' }),
      { verb: 'install', target: '@new.example.com' }, anyVerb)).rejects.toThrow();
    expect(await listTasks(store)).toHaveLength(before);
  });

  it('never runs two tasks on one site at once, keeps their order, and runs other sites alongside', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await ask('verify', '@a.example.com'));
      if (i % 3 === 0) ids.push(await ask('verify', '@c.example.com'));
    }
    const intervals: Interval[] = [];
    await startDaemon(recordingRunner(intervals), { workers: 6 });
    if (backend === 'postgres') {
      // A second daemon on its own connections: claims race across processes' connections.
      const other = await fixture.open();
      extraStores.push(other);
      await startDaemon(recordingRunner(intervals), { workers: 6 }, other);
    }
    await waitFor(ids);
    expect(intervals).toHaveLength(ids.length);
    for (const target of ['@a.example.com', '@c.example.com']) {
      const mine = intervals.filter((i) => i.target === target);
      for (const a of mine) for (const b of mine) if (a !== b) expect(overlaps(a, b)).toBe(false);
      const started = [...mine].sort((x, y) => x.start - y.start).map((i) => i.id);
      expect(started).toEqual([...started].sort((x, y) => x - y));
    }
    const a = intervals.filter((i) => i.target === '@a.example.com');
    const c = intervals.filter((i) => i.target === '@c.example.com');
    expect(a.some((x) => c.some((y) => overlaps(x, y)))).toBe(true);
  });

  it('keeps a platform task and its sites apart; sites of one platform run together', async () => {
    const site1 = await ask('verify', '@a.example.com');
    const site2 = await ask('verify', '@b.example.com');
    const plat = await ask('verify', '@p1');
    const site3 = await ask('verify', '@a.example.com');
    const intervals: Interval[] = [];
    await startDaemon(recordingRunner(intervals, 150), { workers: 4 });
    await waitFor([site1, site2, plat, site3]);
    const byId = new Map(intervals.map((i) => [i.id, i]));
    const [i1, i2, ip, i3] = [site1, site2, plat, site3].map((id) => byId.get(id) as Interval);
    expect(overlaps(i1 as Interval, i2 as Interval)).toBe(true);
    expect((ip as Interval).start).toBeGreaterThanOrEqual(Math.max((i1 as Interval).end, (i2 as Interval).end));
    expect((i3 as Interval).start).toBeGreaterThanOrEqual((ip as Interval).end);
  });

  it('holds the per-server limit', async () => {
    // a and c have different platforms and web servers, but one db server.
    const ids = [await ask('verify', '@a.example.com'), await ask('verify', '@c.example.com'), await ask('verify', '@b.example.com')];
    const intervals: Interval[] = [];
    await startDaemon(recordingRunner(intervals, 100), { workers: 4, perServerLimit: 1 });
    await waitFor(ids);
    for (const x of intervals) for (const y of intervals) if (x !== y) expect(overlaps(x, y)).toBe(false);
  });

  it('runs a dependent task after its dependency, cancels it when the dependency fails, and serves priorities', async () => {
    const verify = await ask('verify', '@p1');
    const install = await ask('install', '@c.example.com', { dependsOn: verify });
    const broken = await ask('fail', '@p2');
    const orphan = await ask('install', '@b.example.com', { dependsOn: broken });
    const scheduled = await ask('verify', '@web2', { priority: PRIORITY_SCHEDULED });
    const user = await ask('verify', '@db1');
    const intervals: Interval[] = [];
    await startDaemon(recordingRunner(intervals, 60), { workers: 1 });
    await waitFor([verify, install, broken, orphan, scheduled, user]);
    const order = [...intervals].sort((x, y) => x.start - y.start).map((i) => i.id);
    expect(order.indexOf(install)).toBeGreaterThan(order.indexOf(verify));
    expect(order.indexOf(scheduled)).toBe(order.length - 1);
    expect(order.indexOf(user)).toBeLessThan(order.indexOf(scheduled));
    expect(await getTask(store, broken)).toMatchObject({ status: 'failed' });
    expect(await getTask(store, orphan)).toMatchObject({ status: 'cancelled', error: expect.stringContaining(String(broken)) });
    expect(order).not.toContain(orphan);
  });

  it('cancels a queued task, and a running one: the executor rolls back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegir-queue-'));
    try {
      const running = await ask('slow', '@a.example.com');
      const queued = await ask('slow', '@a.example.com');
      await startDaemon(slowRunner(dir, 2), { workers: 2 });
      const first = join(dir, `first-${running}`);
      for (let i = 0; i < 200 && !existsSync(first); i++) await new Promise((r) => setTimeout(r, 20));
      expect(existsSync(first)).toBe(true);
      expect((await cancelTask(store, queued, ACTOR)).status).toBe('cancelled');
      expect((await cancelTask(store, running, ACTOR)).cancelRequested).toBe(true);
      await waitFor([running]);
      const task = await getTask(store, running);
      expect(task?.status).toBe('cancelled');
      expect(existsSync(first)).toBe(false);
      expect(existsSync(join(dir, `second-${running}`))).toBe(false);
      const types = (await readTaskLog(store, running)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['claimed', 'action-start', 'undo-start', 'plan-end', 'task-end']));
      expect(existsSync(join(dir, `first-${queued}`))).toBe(false);
      await expect(cancelTask(store, running, ACTOR)).rejects.toThrow(/already cancelled/);
      // retry queues it again as a new task, which then runs to the end.
      const again = await retryTask(store, running, ACTOR);
      expect(again).not.toBe(running);
      await waitFor([again], 20_000);
      expect(await getTask(store, again)).toMatchObject({ status: 'succeeded', retryOf: running });
      expect(existsSync(join(dir, `second-${again}`))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recovers a task whose worker died: the lease expires, another worker runs it, the dead one can write nothing', async () => {
    const id = await ask('verify', '@a.example.com');
    const dead = await claimTask(store, { owner: 'dead-worker', leaseMs: 300, perServerLimit: 10, maxAttempts: 3 });
    expect(dead?.id).toBe(id);
    // While the lease holds, no one else can claim it, nor another task on the same site.
    await ask('verify', '@a.example.com');
    expect(await claimTask(store, { owner: 'other', leaseMs: 300, perServerLimit: 10, maxAttempts: 3 })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const intervals: Interval[] = [];
    await startDaemon(recordingRunner(intervals), { workers: 2 });
    await waitFor([id]);
    const task = await getTask(store, id);
    expect(task).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect((await readTaskLog(store, id)).map((e) => e.type)).toEqual(expect.arrayContaining(['recovered', 'claimed', 'task-end']));
    expect(await finishTask(store, { taskId: id, attempt: 1, owner: 'dead-worker' }, { status: 'failed' })).toBe(false);
    expect((await getTask(store, id))?.status).toBe('succeeded');
  });

  it('gives a task up after it lost its worker too many times', async () => {
    const id = await ask('verify', '@a.example.com');
    for (let i = 0; i < 2; i++) {
      expect(await claimTask(store, { owner: `dead-${i}`, leaseMs: 1, perServerLimit: 10, maxAttempts: 2 })).toBeDefined();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await claimTask(store, { owner: 'last', leaseMs: 1000, perServerLimit: 10, maxAttempts: 2 })).toBeUndefined();
    expect(await getTask(store, id)).toMatchObject({ status: 'failed', error: expect.stringContaining('given up') });
  });

  it.runIf(backend === 'sqlite')('refuses a second daemon on a SQLite hub', async () => {
    await startDaemon(recordingRunner([]));
    await expect(registerDaemon(store, { id: 'second', workers: 1, exclusive: true, staleMs: 5000 })).rejects.toThrow(/already serves this hub/);
  });

  it.runIf(backend === 'postgres')('starts a task on an idle daemon at once (LISTEN/NOTIFY), not at the next poll', async () => {
    const intervals: Interval[] = [];
    await startDaemon(recordingRunner(intervals, 1), { workers: 2, pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      const id = await ask('verify', '@a.example.com');
      await waitFor([id], 5_000);
      const claimed = (await readTaskLog(store, id)).find((e) => e.type === 'claimed');
      latencies.push((claimed?.at ?? Infinity) - before);
    }
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  });
});
