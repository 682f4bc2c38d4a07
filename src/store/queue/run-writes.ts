import type { Store } from '../store.js';
import { cancelDependents } from './dependents.js';
import { appendLogLines, type LogLine } from './log-append.js';
import { notifyQueue, QUEUE_CHANNELS } from './notify.js';
import { queueDb } from './schema.js';

/**
 * The writes a worker makes while it runs a task. Each is fenced by the claim (task id, attempt and
 * owner): a worker whose lease was lost and whose task another worker took over writes nothing.
 */
export interface Fence {
  readonly taskId: number;
  readonly attempt: number;
  readonly owner: string;
}

export interface LeaseState {
  /** False when the lease was lost: the run must stop. */
  readonly held: boolean;
  readonly cancelRequested: boolean;
}

function fenced(store: Store, fence: Fence) {
  return queueDb(store)
    .updateTable('tasks')
    .where('id', '=', fence.taskId)
    .where('attempt', '=', fence.attempt)
    .where('lease_owner', '=', fence.owner)
    .where('status', '=', 'running');
}

/** Extends the lease to `now + leaseMs`; says whether it is still held and whether cancel was asked. */
export async function renewLease(store: Store, fence: Fence, leaseMs: number): Promise<LeaseState> {
  return await store.transaction(async (tx) => {
    const result = await fenced(tx, fence).set({ lease_expires_at: Date.now() + leaseMs }).executeTakeFirst();
    if (result.numUpdatedRows === 0n) return { held: false, cancelRequested: false };
    const row = await queueDb(tx).selectFrom('tasks').select('cancel_requested').where('id', '=', fence.taskId).executeTakeFirstOrThrow();
    return { held: true, cancelRequested: Number(row.cancel_requested) === 1 };
  });
}

/** `renewLease` for the tasks of one group in one transaction: a state per fence, in order. */
export async function renewLeases(store: Store, fences: readonly Fence[], leaseMs: number): Promise<LeaseState[]> {
  return await store.transaction(async (tx) => {
    const until = Date.now() + leaseMs;
    const states: LeaseState[] = [];
    for (const fence of fences) {
      const result = await fenced(tx, fence).set({ lease_expires_at: until }).executeTakeFirst();
      states.push({ held: result.numUpdatedRows > 0n, cancelRequested: false });
    }
    const held = fences.filter((_, i) => states[i]?.held === true).map((fence) => fence.taskId);
    if (held.length === 0) return states;
    const rows = await queueDb(tx).selectFrom('tasks').select(['id', 'cancel_requested']).where('id', 'in', held).execute();
    const cancel = new Set(rows.filter((row) => Number(row.cancel_requested) === 1).map((row) => Number(row.id)));
    return states.map((state, i) => (state.held && cancel.has(fences[i]?.taskId ?? -1) ? { held: true, cancelRequested: true } : state));
  });
}

/**
 * Gives a claimed task that never started back to the queue (a daemon stopping before it got to it):
 * queued again, lease released, a `released` line in its log. False when the run no longer held it.
 */
export async function releaseTask(store: Store, fence: Fence, reason: string): Promise<boolean> {
  return await store.transaction(async (tx) => {
    const result = await fenced(tx, fence).set({ status: 'queued', lease_owner: null, lease_expires_at: null }).executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await appendLogLines(tx, fence.taskId, fence.attempt, [{ at: Date.now(), type: 'released', data: { reason } }]);
    await notifyQueue(tx, QUEUE_CHANNELS.ready, String(fence.taskId));
    return true;
  });
}

/** Appends log lines if the run still holds the task; false when it does not. */
export async function appendFencedLog(store: Store, fence: Fence, lines: readonly LogLine[]): Promise<boolean> {
  return await store.transaction(async (tx) => {
    const row = await queueDb(tx)
      .selectFrom('tasks')
      .select(['attempt', 'status', 'lease_owner'])
      .where('id', '=', fence.taskId)
      .executeTakeFirst();
    if (row === undefined || Number(row.attempt) !== fence.attempt || row.status !== 'running' || row.lease_owner !== fence.owner) return false;
    await appendLogLines(tx, fence.taskId, fence.attempt, lines);
    return true;
  });
}

/** Records the (redacted) plan of the run. */
export async function recordPlan(store: Store, fence: Fence, planJson: string): Promise<boolean> {
  const result = await fenced(store, fence).set({ plan: planJson }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface Outcome {
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly resultJson?: string;
  readonly planJson?: string;
  readonly error?: string;
  readonly lines?: readonly LogLine[];
}

/**
 * Ends the run: final status, result, last log lines, lease released; queued tasks that waited on
 * a task that did not succeed are cancelled. False when the run no longer held the task.
 */
export async function finishTask(store: Store, fence: Fence, outcome: Outcome): Promise<boolean> {
  return await store.transaction(async (tx) => {
    const result = await fenced(tx, fence)
      .set({
        status: outcome.status,
        finished_at: new Date().toISOString(),
        lease_owner: null,
        lease_expires_at: null,
        ...(outcome.resultJson === undefined ? {} : { result: outcome.resultJson }),
        ...(outcome.planJson === undefined ? {} : { plan: outcome.planJson }),
        error: outcome.error ?? null,
      })
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await appendLogLines(tx, fence.taskId, fence.attempt, [
      ...(outcome.lines ?? []),
      { at: Date.now(), type: 'task-end', data: { status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}) } },
    ]);
    if (outcome.status !== 'succeeded') await cancelDependents(tx, fence.taskId);
    await notifyQueue(tx, QUEUE_CHANNELS.ready, String(fence.taskId));
    return true;
  });
}
