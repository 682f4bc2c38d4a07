import type { ExecutorEvent, PlanResult } from '../../engine/index.js';
import { AegirError } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import type { Transport } from '../../transport/index.js';
import { runPlan, runTask } from '../tasks/run.js';
import { requestOf } from './request-of.js';
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
 * The hub's runner: a task whose earlier worker died is recovered first, then the task runs
 * through the pipeline (its check again: the inventory may have changed since it was queued).
 */
export function hubRunner(store: Store, home: string): TaskRunner {
  return async (task, ctx) => {
    const request = requestOf(task);
    await undoLostRuns(store, home, task, ctx);
    const outcome = await runTask({ store, home }, { actor: task.requestedBy, ...ctx }, request);
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
    const result = await runPlan(plan, { transports, signal: ctx.signal, onEvent: ctx.onEvent });
    return { plan, result };
  };
}
