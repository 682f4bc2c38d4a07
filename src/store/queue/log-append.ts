import type { Store } from '../store.js';
import { queueDb } from './schema.js';

export interface LogLine {
  readonly at: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Appends lines to a task's log inside the caller's transaction, numbering them after the last. */
export async function appendLogLines(tx: Store, taskId: number, attempt: number, lines: readonly LogLine[]): Promise<void> {
  if (lines.length === 0) return;
  const db = queueDb(tx);
  const last = await db
    .selectFrom('task_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  const base = Number(last?.seq ?? 0);
  await db
    .insertInto('task_log')
    .values(lines.map((line, i) => ({
      task_id: taskId,
      seq: base + i + 1,
      attempt,
      at: line.at,
      type: line.type,
      data: JSON.stringify(line.data),
    })))
    .execute();
}
