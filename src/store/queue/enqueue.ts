import { AegirError } from '../../model/errors.js';
import type { Store } from '../store.js';
import { notifyQueue, QUEUE_CHANNELS } from './notify.js';
import { queueDb } from './schema.js';
import { PRIORITY_USER, type NewTask } from './types.js';

/**
 * Adds a task to the queue inside the caller's transaction, so that the entity change asking for
 * it and the task are committed together or not at all. Returns the task's id.
 */
export async function enqueueTask(tx: Store, task: NewTask): Promise<number> {
  return await tx.transaction(async (inner) => {
    const db = queueDb(inner);
    if (task.dependsOn !== undefined) {
      const dep = await db.selectFrom('tasks').select('id').where('id', '=', task.dependsOn).executeTakeFirst();
      if (dep === undefined) throw new AegirError('task_not_found', `task ${task.dependsOn} (a dependency) does not exist`, { exitCode: 2 });
    }
    const row = await db
      .insertInto('tasks')
      .values({
        verb: task.verb,
        target: task.target,
        args: JSON.stringify(task.args ?? {}),
        status: 'queued',
        requested_by: task.requestedBy,
        priority: task.priority ?? PRIORITY_USER,
        depends_on: task.dependsOn ?? null,
        retry_of: task.retryOf ?? null,
        created_at: new Date().toISOString(),
        attempt: 0,
        cancel_requested: 0,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const locks = dedupeLocks(task.locks);
    if (locks.length > 0) {
      await db
        .insertInto('task_locks')
        .values(locks.map((l) => ({ task_id: id, entity: l.entity, mode: l.mode, is_server: l.server ? 1 : 0 })))
        .execute();
    }
    await notifyQueue(inner, QUEUE_CHANNELS.ready, String(id));
    return id;
  });
}

/** One lock per entity: exclusive wins over shared. */
function dedupeLocks(locks: NewTask['locks']): NewTask['locks'] {
  const byEntity = new Map<string, NewTask['locks'][number]>();
  for (const lock of locks) {
    const seen = byEntity.get(lock.entity);
    if (seen === undefined || (seen.mode === 'shared' && lock.mode === 'exclusive')) {
      byEntity.set(lock.entity, { ...lock, server: lock.server || (seen?.server ?? false) });
    }
  }
  return [...byEntity.values()];
}
