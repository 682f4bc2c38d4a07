import type { Store } from '../store.js';
import { appendLogLines } from './log-append.js';
import { queueDb } from './schema.js';

/** Cancels, transitively, the queued tasks that waited on `taskId`, which will never succeed now. */
export async function cancelDependents(tx: Store, taskId: number): Promise<void> {
  const db = queueDb(tx);
  let frontier = [taskId];
  while (frontier.length > 0) {
    const waiting = await db
      .selectFrom('tasks')
      .select(['id', 'attempt', 'depends_on'])
      .where('depends_on', 'in', frontier)
      .where('status', '=', 'queued')
      .execute();
    for (const row of waiting) {
      const error = `task ${row.depends_on} it depends on did not succeed`;
      await db.updateTable('tasks')
        .set({ status: 'cancelled', error, finished_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .execute();
      await appendLogLines(tx, Number(row.id), Number(row.attempt), [{ at: Date.now(), type: 'task-end', data: { status: 'cancelled', error } }]);
    }
    frontier = waiting.map((row) => Number(row.id));
  }
}
