import { join } from 'node:path';
import type { PlanResult } from '../../src/engine/index.js';
import type { TaskCheck, TaskRunner } from '../../src/hosting/index.js';
import { plannerRunner } from '../../src/hosting/index.js';
import type { Server } from '../../src/model/index.js';
import { createPlan, exec, writeFile, type Plan } from '../../src/plan/index.js';
import type { Store } from '../../src/store/index.js';
import type { TaskRecord } from '../../src/store/queue/index.js';
import { LocalTransport } from '../../src/transport/local.js';
import { dbServer, platform, site, webServer } from '../store/sample-entities.js';

/** Tasks of tests' own verbs: any verb on any existing entity. */
export const anyVerb: TaskCheck = () => undefined;

export const FAST = { leaseMs: 5_000, heartbeatMs: 100, pollMs: 50, perServerLimit: 100, maxAttempts: 3, shutdownTimeoutMs: 5_000, groupLimit: 1 };

/** Two web servers, one db server; @p1 on @web1 with sites a, b; @p2 on @web2 with site c. */
export async function seedInventory(store: Store): Promise<void> {
  await store.servers.insert(webServer('@web1'));
  await store.servers.insert(webServer('@web2'));
  await store.servers.insert(dbServer('@db1'));
  await store.platforms.insert(platform('@p1', '@web1'));
  await store.platforms.insert(platform('@p2', '@web2'));
  await store.sites.insert({ ...site('a.example.com'), platform: '@p1' });
  await store.sites.insert({ ...site('b.example.com'), platform: '@p1' });
  await store.sites.insert({ ...site('c.example.com'), platform: '@p2' });
}

export interface Interval {
  readonly id: number;
  readonly target: string;
  readonly start: number;
  readonly end: number;
}

function emptyResult(status: PlanResult['status'], durationMs: number): PlanResult {
  return { status, actions: [], durationMs };
}

/** A runner that records when each task ran; `fail` verbs fail. */
export function recordingRunner(intervals: Interval[], ms = 15): TaskRunner {
  return async (task: TaskRecord) => {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const end = Date.now();
    intervals.push({ id: task.id, target: task.target, start, end });
    return { plan: createPlan(`${task.verb} ${task.target}`, []), result: emptyResult(task.verb === 'fail' ? 'failed' : 'succeeded', end - start) };
  };
}

/** `slow`: a real plan on the hub's disk: writes a file, sleeps, writes another (both undone on rollback). */
export function slowPlan(dir: string, seconds = 2): (task: TaskRecord) => Plan {
  return (task) =>
    createPlan(`slow ${task.target}`, [
      writeFile({ id: 'first', server: '@localhost', path: join(dir, `first-${task.id}`), content: 'one\n' }),
      exec({ id: 'sleep', server: '@localhost', argv: ['sleep', String(seconds)], after: ['first'], undo: { kind: 'none', reason: 'a pause' } }),
      writeFile({ id: 'second', server: '@localhost', path: join(dir, `second-${task.id}`), content: 'two\n', after: ['sleep'] }),
    ]);
}

export function slowRunner(dir: string, seconds = 2): TaskRunner {
  return plannerRunner({ slow: slowPlan(dir, seconds) }, (server) => new LocalTransport(server));
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export type { Server };
