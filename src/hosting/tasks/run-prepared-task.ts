/**
 * Runs a task with its hooks around `runTask`: `prepare` before a real run (e.g. a site's
 * credentials made and stored), `afterFailure` when the plan failed and was rolled back.
 */
import { parseAlias } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { runTask, type TaskOutcome, type TaskRequest, type TaskRunOptions } from '../run-task.js';
import { taskFor } from './registry.js';

export async function runPreparedTask(store: Store, actor: Actor, request: TaskRequest, options: TaskRunOptions): Promise<TaskOutcome> {
  const target = parseAlias('target', request.target);
  const task = taskFor(await store.loadInventory(), request.verb, target);
  if (request.dryRun !== true) await task.prepare?.(store, actor, target);
  const outcome = await runTask(store, actor, request, options);
  if (outcome.kind === 'ran' && outcome.result.status !== 'succeeded') await task.afterFailure?.(store, actor, target);
  return outcome;
}
