import type { Store } from '../../store/index.js';
import { FINAL_STATUSES, getTask, getTaskStatus, readTaskLog, type TaskLogEntry, type TaskRecord } from '../../store/queue/index.js';
import { AegirError } from '../../model/index.js';

/**
 * Follows a task's log as it is written, calling `onEntry` for each row in order, until the task
 * is finished; returns the finished task. Reads the log table, so it follows a task whichever
 * process runs it. Aborting `signal` stops following at once and returns the task as it is then.
 */
export async function followTask(
  store: Store,
  taskId: number,
  onEntry: (entry: TaskLogEntry) => void,
  options: { pollMs?: number; afterSeq?: number; ended?: Promise<unknown>; signal?: AbortSignal } = {},
): Promise<TaskRecord> {
  let seq = options.afterSeq ?? 0;
  let ended = options.ended;
  let settled = false;
  void ended?.then(() => (settled = true), () => (settled = true));
  for (;;) {
    // Polls the status alone: the whole record (plan, results) is read once, at the end.
    const status = await getTaskStatus(store, taskId);
    if (status === undefined) throw new AegirError('task_not_found', `no task ${taskId}`, { exitCode: 2 });
    for (const entry of await readTaskLog(store, taskId, seq)) {
      seq = entry.seq;
      onEntry(entry);
    }
    if (FINAL_STATUSES.includes(status) || options.signal?.aborted === true) {
      // Rows written between the two reads above.
      for (const entry of await readTaskLog(store, taskId, seq)) onEntry(entry);
      const task = await getTask(store, taskId);
      if (task === undefined) throw new AegirError('task_not_found', `no task ${taskId}`, { exitCode: 2 });
      return task;
    }
    // The next look comes after the poll interval, or at once when this process ran the task to its end.
    // (Once only: a run that ended without finishing the task, its lease lost, must not make this spin.)
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    await Promise.race([
      new Promise((resolve) => {
        timer = setTimeout(resolve, options.pollMs ?? 100);
        onAbort = () => resolve(undefined);
        options.signal?.addEventListener('abort', onAbort, { once: true });
      }),
      ...(ended === undefined ? [] : [ended.catch(() => undefined)]),
    ]);
    clearTimeout(timer);
    if (onAbort !== undefined) options.signal?.removeEventListener('abort', onAbort);
    if (settled) ended = undefined;
  }
}
