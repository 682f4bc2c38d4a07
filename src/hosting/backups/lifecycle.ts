/**
 * The lifecycle tasks (backup, restore, clone, migrate) as the queue runs them: several phases
 * with work on the hub between them, so they run here rather than as one plan. `lifecycleRunner`
 * wraps another runner: these verbs run here, every other verb through it.
 */
import { AegirError, parseAlias } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import type { RunOutput, TaskRunner } from '../queue/runner.js';
import type { Actor } from '../actor.js';
import { TaskConnections } from '../tasks/connections.js';
import { runMove, type MoveArgs } from './move.js';
import { runRestore } from './restore.js';
import { joinPhases, type LifecycleContext, type LifecycleOutcome } from './run-phases.js';
import { takeBackup } from './take-backup.js';

export const LIFECYCLE_VERBS = ['backup', 'restore', 'clone', 'migrate'] as const;
export type LifecycleVerb = (typeof LIFECYCLE_VERBS)[number];

export function isLifecycleVerb(verb: string): verb is LifecycleVerb {
  return (LIFECYCLE_VERBS as readonly string[]).includes(verb);
}

export interface LifecycleRequest {
  readonly verb: LifecycleVerb;
  readonly target: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** Runs one lifecycle task now, in this process (or prints its plan, with `ctx.dryRun`). */
export async function runLifecycle(ctx: LifecycleContext, request: LifecycleRequest): Promise<LifecycleOutcome> {
  const target = parseAlias('target', request.target);
  const inventory = await ctx.store.loadInventory();
  const connections = new TaskConnections(inventory, ctx.home);
  const args = request.args ?? {};
  try {
    switch (request.verb) {
      case 'backup': {
        const taken = await takeBackup(ctx, connections, inventory, target, { task: 'backup' });
        return joinPhases(ctx, `backup ${target}`, [taken]);
      }
      case 'restore':
        return await runRestore(ctx, connections, inventory, target, typeof args.backup === 'number' ? args.backup : undefined);
      case 'clone':
      case 'migrate':
        return await runMove(ctx, connections, inventory, target, request.verb, moveArgs(args));
    }
  } finally {
    await connections.close();
  }
}

function moveArgs(args: Readonly<Record<string, unknown>>): MoveArgs {
  const text = (key: string): string | undefined => (typeof args[key] === 'string' ? args[key] : undefined);
  const uri = text('uri');
  const platform = text('platform');
  const db = text('db');
  return { ...(uri === undefined ? {} : { uri }), ...(platform === undefined ? {} : { platform }), ...(db === undefined ? {} : { db }) };
}

/** A runner that runs the lifecycle verbs here and hands every other verb to `fallback`. */
export function lifecycleRunner(store: Store, home: string, fallback: TaskRunner): TaskRunner {
  return async (task: TaskRecord, run): Promise<RunOutput> => {
    if (!isLifecycleVerb(task.verb)) return await fallback(task, run);
    const actor: Actor = task.requestedBy;
    const outcome = await runLifecycle(
      { store, actor, home, signal: run.signal, onEvent: run.onEvent, onNotice: run.onNotice },
      { verb: task.verb, target: task.target, args: task.args },
    );
    if (outcome.kind !== 'ran') throw new AegirError('task_not_run', `task ${task.id} was planned but not run`);
    return { plan: outcome.plan, result: outcome.result };
  };
}
