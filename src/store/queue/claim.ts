import { sql } from 'kysely';
import type { Store } from '../store.js';
import { LockTable } from './conflicts.js';
import { cancelDependents } from './dependents.js';
import { appendLogLines } from './log-append.js';
import { toLock, toTask } from './rows.js';
import { queueDb } from './schema.js';
import type { TaskLock, TaskRecord } from './types.js';
import { recoverExpiredIn } from './recover.js';

export interface ClaimOptions {
  /** Who claims: written as the lease owner and checked on every later write. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Running tasks at once per server (tasks holding a lock on it). */
  readonly perServerLimit: number;
  /** A run lost this many times (worker died) ends the task `failed` instead of running it again. */
  readonly maxAttempts: number;
  /** Claim only this task (the CLI running its own task in-process). */
  readonly onlyTaskId?: number;
  /**
   * Run like tasks together: when the chosen task's verb is one of `verbs`, queued tasks of the same
   * verb and arguments that stand on exactly the same things (same platform, web servers and db
   * server: the same shared locks) and may run now join it, up to `limit` tasks in all. A group
   * counts as one task toward the per-server limits. Only first attempts join a group.
   */
  readonly group?: { readonly verbs: readonly string[]; readonly limit: number };
}

/** A constant key: PostgreSQL claims take this advisory lock, so claim decisions are serialised. */
const CLAIM_LOCK_KEY = 4_711_005;


/**
 * Claims the next task that may run now, with a lease, in one transaction: expired leases are
 * recovered first; then, in priority and queue order, the first queued task whose dependency
 * succeeded, whose locks conflict neither with a running task nor with an earlier queued one (so
 * the order of tasks on one entity holds), and whose servers are under their limit.
 * SQLite serialises claims with its write lock (BEGIN IMMEDIATE); PostgreSQL with a transaction
 * advisory lock, and the chosen row is taken with FOR UPDATE SKIP LOCKED.
 */
export async function claimTask(store: Store, options: ClaimOptions): Promise<TaskRecord | undefined> {
  const claimed = await claimTasks(store, { ...options, group: undefined });
  return claimed[0];
}

/**
 * Claims like `claimTask`, and with `options.group` the tasks that join the chosen one: all with
 * leases of the same owner, in one transaction. The chosen task comes first; empty when none may run.
 */
export async function claimTasks(store: Store, options: ClaimOptions): Promise<TaskRecord[]> {
  return await store.transaction(async (tx) => {
    if (tx.backend === 'postgres') await sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`.execute(tx.db);
    const now = Date.now();
    await recoverExpiredIn(tx, now, options.maxAttempts);
    let chosen = await choose(tx, options);
    if (chosen.length === 0) return [];
    const db = queueDb(tx);
    if (tx.backend === 'postgres') {
      const ids = chosen.map((task) => task.id);
      const locked = await sql<{ id: number }>`select id from tasks where id in (${sql.join(ids)}) and status = 'queued' for update skip locked`.execute(tx.db);
      const held = new Set(locked.rows.map((row) => Number(row.id)));
      chosen = chosen.filter((task) => held.has(task.id));
      if (chosen[0]?.id !== ids[0]) return [];
    }
    // The claim's own time is taken once the choice is made: a task that ended while this claim
    // waited (and whose end let this one be chosen) always ends before this one starts.
    const claimedAt = Date.now();
    const leader = chosen[0]?.id;
    const claimed: TaskRecord[] = [];
    for (const task of chosen) {
      const attempt = task.attempt + 1;
      await db
        .updateTable('tasks')
        .set({
          status: 'running',
          attempt,
          lease_owner: options.owner,
          lease_expires_at: claimedAt + options.leaseMs,
          started_at: task.startedAt ?? new Date(claimedAt).toISOString(),
          cancel_requested: 0,
        })
        .where('id', '=', task.id)
        .where('status', '=', 'queued')
        .execute();
      const group = chosen.length > 1 ? { group: leader, groupSize: chosen.length } : {};
      await appendLogLines(tx, task.id, attempt, [{ at: claimedAt, type: 'claimed', data: { owner: options.owner, attempt, ...group } }]);
      claimed.push({ ...task, status: 'running', attempt, leaseOwner: options.owner, leaseExpiresAt: claimedAt + options.leaseMs });
    }
    return claimed;
  });
}

async function choose(tx: Store, options: ClaimOptions): Promise<TaskRecord[]> {
  const db = queueDb(tx);
  const rows = await db.selectFrom('tasks').selectAll().where('status', 'in', ['queued', 'running']).orderBy('priority', 'desc').orderBy('id').execute();
  if (rows.length === 0) return [];
  const lockRows = await db
    .selectFrom('task_locks')
    .selectAll()
    .where('task_id', 'in', db.selectFrom('tasks').select('id').where('status', 'in', ['queued', 'running']))
    .execute();
  const locksOf = new Map<number, TaskLock[]>();
  for (const row of lockRows) locksOf.set(Number(row.task_id), [...(locksOf.get(Number(row.task_id)) ?? []), toLock(row)]);
  const tasks = rows.map((row) => toTask(row, locksOf.get(Number(row.id)) ?? []));

  const running = new LockTable();
  // Running tasks per server, a group (the tasks one worker claimed together) counting as one.
  const runsOn = new Map<string, Set<string>>();
  for (const task of tasks.filter((t) => t.status === 'running')) {
    running.add(task.locks);
    for (const lock of task.locks.filter((l) => l.server)) {
      const runs = runsOn.get(lock.entity) ?? new Set<string>();
      runs.add(task.leaseOwner ?? `task ${task.id}`);
      runsOn.set(lock.entity, runs);
    }
  }
  const perServer = new Map([...runsOn].map(([server, runs]) => [server, runs.size]));
  const ahead = new LockTable();
  const statusOf = await dependencyStatuses(tx, tasks);
  const chosen: TaskRecord[] = [];
  const group = options.group;
  for (const task of tasks.filter((t) => t.status === 'queued')) {
    const blocked = ahead.conflicts(task.locks) || running.conflicts(task.locks);
    ahead.add(task.locks);
    if (blocked) continue;
    if (task.dependsOn !== undefined) {
      const dep = statusOf.get(task.dependsOn);
      if (dep === 'failed' || dep === 'cancelled') {
        await cancelDependents(tx, task.dependsOn);
        continue;
      }
      if (dep !== 'succeeded') continue;
    }
    const leader = chosen[0];
    if (leader !== undefined) {
      // A group member: like the first in every way but its target.
      if (group !== undefined && joinsGroup(leader, task) && chosen.length < group.limit) chosen.push(task);
      continue;
    }
    if (task.locks.some((l) => l.server && (perServer.get(l.entity) ?? 0) >= options.perServerLimit)) continue;
    if (options.onlyTaskId !== undefined) {
      if (task.id === options.onlyTaskId) return [task];
      continue;
    }
    chosen.push(task);
    if (group === undefined || !group.verbs.includes(task.verb) || task.attempt > 0 || group.limit <= 1) return chosen;
  }
  return chosen;
}

/** Whether `task` may run in one group with `leader`: same verb, arguments and shared locks, a first attempt. */
function joinsGroup(leader: TaskRecord, task: TaskRecord): boolean {
  return task.verb === leader.verb && task.attempt === 0 && task.priority === leader.priority
    && JSON.stringify(task.args) === JSON.stringify(leader.args)
    && sharedLocksKey(task) === sharedLocksKey(leader);
}

function sharedLocksKey(task: TaskRecord): string {
  return task.locks.filter((lock) => lock.mode === 'shared').map((lock) => `${lock.entity}:${String(lock.server)}`).sort().join(' ');
}

async function dependencyStatuses(tx: Store, tasks: readonly TaskRecord[]): Promise<Map<number, string>> {
  const ids = [...new Set(tasks.flatMap((t) => (t.dependsOn === undefined ? [] : [t.dependsOn])))];
  if (ids.length === 0) return new Map();
  const rows = await queueDb(tx).selectFrom('tasks').select(['id', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.status]));
}
