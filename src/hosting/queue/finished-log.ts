import type { Store } from '../../store/index.js';
import { getTask } from '../../store/queue/index.js';
import { redactedTail } from '../../transport/classify.js';

/**
 * What the daemon's "task finished" line adds for a task that did not succeed: its error as the
 * task records it (`aegir task show` shows the same), with secret-looking assignments redacted and
 * cut to a few lines. Nothing for a task that succeeded, went back to the queue or was lost.
 */
export async function finishedFields(store: Store, taskId: number, status: string): Promise<{ error?: string }> {
  if (status !== 'failed' && status !== 'cancelled') return {};
  const task = await getTask(store, taskId).catch(() => undefined);
  return task?.error === undefined ? {} : { error: redactedTail(task.error, [], 5, 1000) };
}
