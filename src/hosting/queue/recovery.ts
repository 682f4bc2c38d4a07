import { AegirError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { readTaskLog, type TaskRecord } from '../../store/queue/index.js';
import { taskFor } from '../tasks/registry.js';
import { runTask } from '../tasks/run.js';
import { setSiteStatus } from '../tasks/site-tasks.js';
import { requestOf } from './request-of.js';
import type { RunContext } from './runner.js';

/** Whether an earlier, lost run of this task started any action (so it may have changed servers). */
export async function earlierRunActed(store: Store, task: TaskRecord): Promise<boolean> {
  if (task.attempt <= 1) return false;
  const log = await readTaskLog(store, task.id);
  return log.some((entry) => entry.attempt < task.attempt && entry.type === 'action-start');
}

/**
 * What a task whose worker died needs before it runs again. Most verbs converge: running them
 * again is the recovery. Those whose definition says `beforeRerun` (an install: an app's installer
 * fails on a database it already filled) first have what an earlier run may have done undone by
 * another verb's plan (the site's vhost, directory, database and accounts removed by the delete
 * plan), run without that verb's checks and records; the site is then marked not installed and the
 * task runs from a clean state. Its executor events go to the task's log like the task's own.
 * Throws when the undo did not succeed (the task then fails).
 */
export async function undoLostRuns(store: Store, home: string, task: TaskRecord, ctx: RunContext): Promise<void> {
  const request = requestOf(task);
  const definition = taskFor(await store.loadInventory(), request.verb, request.target);
  if (definition.beforeRerun === undefined || !(await earlierRunActed(store, task))) return;
  ctx.onNotice(`attempt ${task.attempt}: an earlier run of this ${task.verb} died midway; undoing what it did before running again`);
  const outcome = await runTask({ store, home }, { actor: task.requestedBy, signal: ctx.signal, onEvent: ctx.onEvent, onNotice: ctx.onNotice }, {
    verb: definition.beforeRerun.undoWith, target: request.target, args: definition.beforeRerun.args ?? {}, acceptHostKey: request.acceptHostKey === true, compensation: true,
  });
  // Whatever the dead run recorded (it may have got as far as marking the site enabled), the site
  // is now not installed: marked so, and the install runs again from clean.
  if (definition.targetKind === 'site') await setSiteStatus(store, request.target, definition.beforeRerun.siteStatus);
  if (outcome.kind === 'ran' && outcome.result.status === 'succeeded') return;
  const why = outcome.kind === 'ran' ? outcome.result.failure?.reason ?? outcome.result.status : 'not run';
  throw new AegirError('recovery_failed', `cannot undo what an earlier run of task ${task.id} did: ${why}`);
}
