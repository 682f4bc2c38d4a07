import { AegirError } from '../../model/errors.js';
import type { Store } from '../store.js';
import { cancelDependents } from './dependents.js';
import { enqueueTask } from './enqueue.js';
import { appendLogLines } from './log-append.js';
import { notifyQueue, QUEUE_CHANNELS } from './notify.js';
import { getTask } from './read.js';
import { queueDb } from './schema.js';
import type { TaskRecord } from './types.js';

function notFound(id: number): AegirError {
  return new AegirError('task_not_found', `no task ${id}`, { exitCode: 2 });
}

/**
 * Cancels a task: a queued one at once (and the tasks waiting on it); a running one is asked to
 * stop (its worker aborts the executor, which rolls back, and ends it `cancelled`).
 * Returns the task as it is now.
 */
export async function cancelTask(store: Store, id: number, actor: string): Promise<TaskRecord> {
  await store.transaction(async (tx) => {
    const task = await getTask(tx, id);
    if (task === undefined) throw notFound(id);
    const db = queueDb(tx);
    const note = { at: Date.now(), type: 'cancel-requested', data: { by: actor } };
    if (task.status === 'queued') {
      await db.updateTable('tasks')
        .set({ status: 'cancelled', error: `cancelled by ${actor}`, finished_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await appendLogLines(tx, id, task.attempt, [note, { at: Date.now(), type: 'task-end', data: { status: 'cancelled' } }]);
      await cancelDependents(tx, id);
      await notifyQueue(tx, QUEUE_CHANNELS.ready, String(id));
    } else if (task.status === 'running') {
      await db.updateTable('tasks').set({ cancel_requested: 1 }).where('id', '=', id).execute();
      await appendLogLines(tx, id, task.attempt, [note]);
      await notifyQueue(tx, QUEUE_CHANNELS.cancel, String(id));
    } else {
      throw new AegirError('task_finished', `task ${id} has already ${task.status}`, { exitCode: 1 });
    }
  });
  return (await getTask(store, id)) as TaskRecord;
}

/** Queues a failed (or cancelled) task again as a new task; returns the new task's id. */
export async function retryTask(store: Store, id: number, actor: string): Promise<number> {
  return await store.transaction(async (tx) => {
    const task = await getTask(tx, id);
    if (task === undefined) throw notFound(id);
    if (task.status !== 'failed' && task.status !== 'cancelled') {
      throw new AegirError('task_not_retryable', `task ${id} is ${task.status}: only a failed or cancelled task can be retried`, { exitCode: 2 });
    }
    return await enqueueTask(tx, {
      verb: task.verb,
      target: task.target,
      args: task.args,
      requestedBy: actor,
      priority: task.priority,
      retryOf: task.id,
      locks: task.locks,
    });
  });
}
