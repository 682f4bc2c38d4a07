import { AegirError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { readTaskLog, type TaskRecord } from '../../store/queue/index.js';
import { runTask } from '../run-task.js';
import { taskFor } from '../tasks/registry.js';
import type { RunContext } from './runner.js';

/**
 * What a task whose worker died needs before it runs again. Most verbs converge: running them
 * again is the recovery. An install does not (an app's installer fails on a database it already
 * filled), so what an earlier run may have done is undone first: the site's own resources (its
 * vhost, its directory, its database and accounts) are removed by the delete plan, the site
 * record kept, and the install then runs from a clean state.
 */
const UNDO_BEFORE_RERUN: readonly string[] = ['install'];

/** Whether an earlier, lost run of this task started any action (so it may have changed servers). */
export async function earlierRunActed(store: Store, task: TaskRecord): Promise<boolean> {
  if (task.attempt <= 1) return false;
  const log = await readTaskLog(store, task.id);
  return log.some((entry) => entry.attempt < task.attempt && entry.type === 'action-start');
}

/**
 * Undoes what lost runs of `task` did, when its verb needs that before a rerun. Its executor
 * events go to the task's log like the task's own. Throws when the undo did not succeed (the
 * task then fails; the site is marked failed).
 */
export async function undoLostRuns(store: Store, home: string, task: TaskRecord, ctx: RunContext): Promise<void> {
  if (!UNDO_BEFORE_RERUN.includes(task.verb) || !(await earlierRunActed(store, task))) return;
  ctx.onNotice(`attempt ${task.attempt}: an earlier run of this ${task.verb} died midway; undoing what it did before running again`);
  const outcome = await runTask(
    store,
    task.requestedBy,
    { verb: 'delete', target: task.target, acceptHostKey: task.args.acceptHostKey === true },
    { home, signal: ctx.signal, onEvent: ctx.onEvent, onNotice: ctx.onNotice, recordInventory: false },
  );
  const inventory = await store.loadInventory();
  // Whatever the dead run recorded (it may have got as far as marking the site enabled), the site
  // is now not installed: marked so, and the install runs again from clean.
  await taskFor(inventory, 'install', task.target).afterFailure?.(store, task.requestedBy, task.target);
  if (outcome.kind === 'ran' && outcome.result.status === 'succeeded') return;
  const why = outcome.kind === 'ran' ? outcome.result.failure?.reason ?? outcome.result.status : 'not run';
  throw new AegirError('recovery_failed', `cannot undo what an earlier run of task ${task.id} did: ${why}`);
}
