import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlan, exec } from '../../plan/index.js';
import { openStore, type Store } from '../../store/index.js';
import { claimTask, claimTasks, enqueueTask, getTask, readTaskLog, type TaskLock } from '../../store/queue/index.js';
import { runClaimed, runClaimedGroup } from './run-claimed.js';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('runClaimed', () => {
  it('writes events that come one by one together (one transaction per interval), all in order', async () => {
    const home = mkdtempSync(join(tmpdir(), 'run-claimed-'));
    homes.push(home);
    const store: Store = await openStore({ home, databaseUrl: undefined });
    try {
      await enqueueTask(store, { verb: 'verify', target: '@x', requestedBy: 'test', locks: [] });
      const task = await claimTask(store, { owner: 'w', leaseMs: 5_000, perServerLimit: 10, maxAttempts: 3 });
      if (task === undefined) throw new Error('nothing claimed');
      let transactions = 0;
      const counting = new Proxy(store, {
        get: (target, key, receiver) => {
          if (key !== 'transaction') return Reflect.get(target, key, receiver) as unknown;
          return (fn: (tx: Store) => Promise<unknown>) => {
            transactions += 1;
            return target.transaction(fn);
          };
        },
      });
      const plan = createPlan('burst', [exec({ id: 'a', server: '@x', argv: ['true'] })]);
      const status = await runClaimed(counting, task, {
        owner: 'w', leaseMs: 5_000, heartbeatMs: 60_000, logFlushMs: 10_000,
        runner: async (_task, ctx) => {
          // As actions end: each event in a turn of its own.
          for (let i = 0; i < 300; i += 1) {
            ctx.onNotice(`n${i}`);
            await new Promise((resolve) => setImmediate(resolve));
          }
          return { plan, result: { status: 'succeeded', actions: [], durationMs: 1 } };
        },
      });
      expect(status).toBe('succeeded');
      const notices = (await readTaskLog(store, task.id)).filter((entry) => entry.type === 'notice');
      expect(notices.map((entry) => entry.data.text)).toEqual(Array.from({ length: 300 }, (_, i) => `n${i}`));
      // Written at the end in one transaction (not one per event); finishing the task takes its own.
      expect(transactions).toBeLessThanOrEqual(3);
    } finally {
      await store.close();
    }
  });

  it('records each task of a group as soon as its end is known, and gives a task not started back to the queue', async () => {
    const home = mkdtempSync(join(tmpdir(), 'run-claimed-'));
    homes.push(home);
    const store: Store = await openStore({ home, databaseUrl: undefined });
    try {
      const shared: TaskLock[] = [{ entity: '@p', mode: 'shared', server: false }];
      for (const target of ['@a', '@b', '@c']) {
        await enqueueTask(store, { verb: 'install', target, requestedBy: 'test', locks: [{ entity: target, mode: 'exclusive', server: false }, ...shared] });
      }
      const tasks = await claimTasks(store, { owner: 'w', leaseMs: 5_000, perServerLimit: 10, maxAttempts: 3, group: { verbs: ['install'], limit: 10 } });
      expect(tasks).toHaveLength(3);
      const [a, b, c] = tasks.map((task) => task.id) as [number, number, number];
      const plan = createPlan('one', [exec({ id: 'x', server: '@x', argv: ['true'] })]);
      const ok = { plan, result: { status: 'succeeded' as const, actions: [], durationMs: 1 } };
      const statuses = await runClaimedGroup(store, tasks, {
        owner: 'w', leaseMs: 5_000, heartbeatMs: 100,
        groupRunner: async (_tasks, ctx) => {
          ctx.done(a, ok);
          // The first is recorded while the group still runs.
          for (let i = 0; i < 100 && (await getTask(store, a))?.status !== 'succeeded'; i += 1) await new Promise((r) => setTimeout(r, 10));
          expect((await getTask(store, a))?.status).toBe('succeeded');
          expect((await getTask(store, b))?.status).toBe('running');
          ctx.release(c, 'stopping');
          return new Map([[b, ok]]);
        },
      });
      expect(statuses).toEqual(['succeeded', 'succeeded', 'queued']);
      expect(await getTask(store, c)).toMatchObject({ status: 'queued', attempt: 1 });
      expect((await readTaskLog(store, c)).map((entry) => entry.type)).toContain('released');
      // Back in the queue, it is claimed again.
      expect((await claimTask(store, { owner: 'w2', leaseMs: 5_000, perServerLimit: 10, maxAttempts: 3 }))?.id).toBe(c);
    } finally {
      await store.close();
    }
  });
});
