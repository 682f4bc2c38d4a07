import { execute, type ExecutorEvent, type PlanResult } from '../../engine/index.js';
import { AegirError } from '../../model/index.js';
import { lifecycleRunner } from '../backups/lifecycle.js';
import type { Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import type { TaskVerb } from '../../tasks/types.js';
import type { Transport } from '../../transport/index.js';
import { checkDeletable } from '../../tasks/delete-site.js';
import { runPreparedTask } from '../tasks/run-prepared-task.js';
import { undoLostRuns } from './recovery.js';

export interface RunContext {
  readonly signal: AbortSignal;
  readonly onEvent: (event: ExecutorEvent) => void;
  readonly onNotice: (text: string) => void;
  /** Called with the plan before it runs; throws when the run must not go on (its lease was lost). */
  readonly onPlan?: (plan: Plan) => Promise<void>;
}

export interface RunOutput {
  readonly plan: Plan;
  readonly result: PlanResult;
}

/** How a worker runs a claimed task. Throwing means the task failed before anything ran. */
export type TaskRunner = (task: TaskRecord, ctx: RunContext) => Promise<RunOutput>;

export interface GroupRunContext {
  /** Aborts when any task of the group is cancelled or lost, or the daemon shuts down. */
  readonly signal: AbortSignal;
  /** Aborts when the daemon shuts down: tasks not started yet go back to the queue (`release`). */
  readonly stopping?: AbortSignal;
  /** A task's own context: its log, its plan, its own signal. */
  readonly member: (taskId: number) => RunContext;
  /** Records a task's end at once (the others of the group may run much longer). */
  readonly done: (taskId: number, output: RunOutput | Error) => void;
  /** Gives a task that never started back to the queue. */
  readonly release: (taskId: number, reason: string) => void;
}

/** How a worker runs tasks claimed together: an output, or the error that failed it, per task id. */
export type GroupRunner = (tasks: readonly TaskRecord[], ctx: GroupRunContext) => Promise<ReadonlyMap<number, RunOutput | Error>>;

/**
 * The hub's runner: the task registry, its hooks (prepare, after a failure), facts from the
 * servers, the executor (`runTask`). A delete is checked again when it runs (the site may have
 * been enabled since it was queued); a task whose earlier worker died is recovered first.
 */
export function hubRunner(store: Store, home: string): TaskRunner {
  // Backup, restore, clone and migrate run several plans with hub work between them.
  return lifecycleRunner(store, home, registryRunner(store, home));
}

function registryRunner(store: Store, home: string): TaskRunner {
  return async (task, ctx) => {
    if (task.verb === 'delete') {
      const site = await store.sites.get(task.target);
      if (site !== undefined) checkDeletable(site, task.args.force === true);
    }
    await undoLostRuns(store, home, task, ctx);
    const outcome = await runPreparedTask(
      store,
      task.requestedBy,
      { verb: task.verb as TaskVerb, target: task.target, acceptHostKey: task.args.acceptHostKey === true },
      { home, signal: ctx.signal, onEvent: ctx.onEvent, onNotice: ctx.onNotice, ...(ctx.onPlan ? { onPlan: ctx.onPlan } : {}) },
    );
    if (outcome.kind !== 'ran') throw new AegirError('task_not_run', `task ${task.id} was planned but not run`);
    return { plan: outcome.plan, result: outcome.result };
  };
}

/**
 * A runner from plain planners by verb, executed through the given transports: for tasks that
 * need no facts, and for tests that queue tasks of their own without touching the hub's registry.
 */
export function plannerRunner(
  planners: Readonly<Record<string, (task: TaskRecord) => Plan>>,
  transports: (server: string) => Transport,
): TaskRunner {
  return async (task, ctx) => {
    const planner = planners[task.verb];
    if (planner === undefined) throw new AegirError('unsupported_task', `unknown task '${task.verb}'`);
    const plan = planner(task);
    await ctx.onPlan?.(plan);
    const result = await execute(plan, { transports, signal: ctx.signal, onEvent: ctx.onEvent });
    return { plan, result };
  };
}
