import type { Store } from '../store.js';
import { cancelDependents } from './dependents.js';
import { appendLogLines } from './log-append.js';
import { notifyQueue, QUEUE_CHANNELS } from './notify.js';
import { queueDb } from './schema.js';

/**
 * Running tasks whose lease expired (their worker died or hung) go back to the queue, keeping their
 * place: tasks converge, so the next claim runs them again. A task lost `maxAttempts` times ends
 * `failed`. Each recovery is written in the task's log. Returns the ids recovered.
 */
export async function recoverExpiredIn(tx: Store, now: number, maxAttempts: number): Promise<number[]> {
  const db = queueDb(tx);
  const expired = await db
    .selectFrom('tasks')
    .select(['id', 'attempt', 'lease_owner', 'cancel_requested'])
    .where('status', '=', 'running')
    .where('lease_expires_at', '<', now)
    .execute();
  for (const row of expired) {
    const id = Number(row.id);
    const attempt = Number(row.attempt);
    const lost = `the lease of ${row.lease_owner ?? 'a worker'} (attempt ${attempt}) expired`;
    const cancelled = Number(row.cancel_requested) === 1;
    const final = cancelled ? 'cancelled' : attempt >= maxAttempts ? 'failed' : undefined;
    if (final !== undefined) {
      const error = cancelled ? `${lost} after cancel was asked` : `${lost}; given up after ${attempt} attempts`;
      await db.updateTable('tasks')
        .set({ status: final, error, finished_at: new Date(now).toISOString(), lease_owner: null, lease_expires_at: null })
        .where('id', '=', id)
        .execute();
      await appendLogLines(tx, id, attempt, [{ at: now, type: 'task-end', data: { status: final, error } }]);
      await cancelDependents(tx, id);
    } else {
      await db.updateTable('tasks').set({ status: 'queued', lease_owner: null, lease_expires_at: null }).where('id', '=', id).execute();
      await appendLogLines(tx, id, attempt, [{ at: now, type: 'recovered', data: { reason: `${lost}; the task runs again (it converges)` } }]);
    }
  }
  if (expired.length > 0) await notifyQueue(tx, QUEUE_CHANNELS.ready);
  return expired.map((row) => Number(row.id));
}

/** Recovers expired leases in a transaction of its own (a daemon does this at start). */
export async function recoverExpired(store: Store, maxAttempts: number): Promise<number[]> {
  return await store.transaction((tx) => recoverExpiredIn(tx, Date.now(), maxAttempts));
}
