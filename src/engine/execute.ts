/**
 * The executor: runs a plan through transports, in parallel across servers within limits, in
 * dependency order; on a failure or a cancellation it stops scheduling, lets running actions
 * finish, and undoes every completed action in reverse order. Returns a result per action.
 */
import { randomBytes } from 'node:crypto';
import type { Action, Plan } from '../plan/action.js';
import { SERVER_WORK_DIR } from '../plan/scratch.js';
import type { Transport } from '../transport/transport.js';
import { validatePlan } from '../plan/dag.js';
import { createRedactor } from './redactor.js';
import { ResultBook } from './results.js';
import { rollback, type Undoable } from './rollback.js';
import { runUnit } from './run-unit.js';
import { ReadyQueue, unitActions, type Unit } from './ready-queue.js';
import { StepFailure, type StepContext } from './step.js';
import type { ExecuteOptions, ExecutorEvent, PlanFailure, PlanResult, SqlRunner } from './types.js';
import { DEFAULT_WAITING_EVERY_MS, waitingReporter } from './waiting.js';

export const DEFAULT_GLOBAL_LIMIT = 16;
export const DEFAULT_PER_SERVER_LIMIT = 4;

export async function execute(plan: Plan, options: ExecuteOptions): Promise<PlanResult> {
  validatePlan(plan);
  const now = options.now ?? Date.now;
  const redact = createRedactor(plan, options.secrets ?? []);
  const emit = (event: ExecutorEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's failure must not change what happens on the servers.
    }
  };
  const limits = {
    global: Math.max(1, options.globalLimit ?? DEFAULT_GLOBAL_LIMIT),
    perServer: Math.max(1, options.perServerLimit ?? DEFAULT_PER_SERVER_LIMIT),
  };
  const contexts = contextsFor(options, randomBytes(6).toString('hex'));
  const book = new ResultBook(plan.actions, redact);
  const descriptions = redactedDescriptions(plan.actions, redact);
  const waiting = waitingReporter({
    emit, now, everyMs: options.waitingEveryMs ?? DEFAULT_WAITING_EVERY_MS,
    describe: (action) => descriptions.get(action.id) ?? redact(action.description),
  });
  const startedAt = now();
  emit({ type: 'plan-start', at: startedAt, title: redact(plan.title), actionCount: plan.actions.length });

  const pending = new Set(plan.actions.map((action) => action.id));
  const queue = new ReadyQueue(plan.actions);
  const running = new Set<Promise<void>>();
  const undoables: Undoable[] = [];
  /** Clean-ups of completed actions; on failure only those of actions not undone (undo `none`). */
  const commits: { readonly run: () => Promise<void>; readonly undoable: boolean }[] = [];
  let stop: 'failed' | 'cancelled' | undefined;
  let failure: PlanFailure | undefined;

  const changed = new Set<string>();
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  /**
   * Whether an action this one depends on, directly or not, changed something on the same server
   * (a reload on one web head waits for the other heads' config tests, but only its own server's
   * changes make it run). With `changedBy`, only those actions and what they depend on count.
   */
  const upstreamChanged = (action: Action): boolean => {
    const seen = new Set<string>();
    const stack = [...(action.changedBy ?? action.after)];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (changed.has(id) && byId.get(id)?.server === action.server) return true;
      stack.push(...(byId.get(id)?.after ?? []));
    }
    return false;
  };

  const skip = (action: Action): void => {
    pending.delete(action.id);
    queue.completed(action.id);
    emit({ type: 'action-end', at: now(), result: book.skippedUnchanged(action.id) });
  };

  /** Starts a unit; false when it was skipped at once (by plan), so more may be ready now. */
  const start = (whole: Unit): boolean => {
    const skipped = unitActions(whole).filter((action) => action.onlyIfChanged === true && !upstreamChanged(action));
    const unit = withoutActions(whole, skipped);
    for (const action of skipped) skip(action);
    if (unit === undefined) {
      queue.finished(whole);
      return false;
    }
    for (const action of unitActions(unit)) {
      pending.delete(action.id);
      const at = now();
      book.started(action.id, at);
      emit({ type: 'action-start', at, id: action.id, server: action.server, kind: action.kind, description: descriptions.get(action.id) ?? redact(action.description) });
    }
    const task = waiting.watch(unitActions(unit), 'run', runUnit(() => contexts(unit.server), unit)).then((ends) => {
      queue.finished(whole);
      for (const action of unitActions(unit)) {
        const end = ends.get(action.id);
        const at = now();
        if (end?.ok === true) {
          queue.completed(action.id);
          if (end.outcome.status === 'changed') changed.add(action.id);
          emit({ type: 'action-end', at, result: book.succeeded(action.id, at, end.outcome) });
          if (end.outcome.commit !== undefined) commits.push({ run: end.outcome.commit, undoable: end.undo !== undefined });
        } else {
          const result = book.failed(action.id, at, end?.failure ?? new StepFailure('no result'));
          emit({ type: 'action-end', at, result });
          stop ??= 'failed';
          failure ??= { actionId: action.id, server: action.server, reason: result.error ?? 'failed' };
        }
        if (end?.undo !== undefined) undoables.push({ action, undo: end.undo });
      }
      running.delete(task);
    });
    running.add(task);
    return true;
  };

  for (;;) {
    if (stop === undefined && options.signal?.aborted === true && pending.size > 0) stop = 'cancelled';
    if (stop === undefined) {
      let skipped = false;
      for (const unit of queue.take(limits)) {
        if (!start(unit)) skipped = true;
      }
      if (skipped) continue;
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }

  if (stop !== undefined) await rollback(undoables, { book, emit, now, waiting });
  const warnings: string[] = [];
  for (const commit of commits.filter((entry) => stop === undefined || !entry.undoable)) {
    await commit.run().catch((error: unknown) => {
      warnings.push(redact(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  }
  const status = stop ?? 'succeeded';
  const durationMs = now() - startedAt;
  emit({ type: 'plan-end', at: now(), status, durationMs, ...(failure === undefined ? {} : { failure }) });
  return {
    status,
    actions: book.all(),
    ...(failure === undefined ? {} : { failure }),
    ...(warnings.length === 0 ? {} : { warnings }),
    durationMs,
  };
}

/** The unit without the given actions (skipped by plan); undefined when none is left. */
function withoutActions(unit: Unit, skipped: readonly Action[]): Unit | undefined {
  if (skipped.length === 0) return unit;
  if (unit.kind === 'single') return undefined;
  const ids = new Set(skipped.map((action) => action.id));
  const kept = <A extends Action>(actions: readonly A[]): A[] => actions.filter((action) => !ids.has(action.id));
  if (unit.kind === 'writeBatch') {
    const actions = kept(unit.actions);
    return actions.length === 0 ? undefined : { ...unit, actions };
  }
  const actions = kept(unit.actions);
  return actions.length === 0 ? undefined : { ...unit, actions };
}

/**
 * Every action's description redacted, in one pass over them all instead of one per action (each
 * pass costs a scan per secret, and a fleet has thousands of both). Descriptions are one line
 * each: when a redaction crossed a line (a multi-line secret), each is redacted on its own.
 */
function redactedDescriptions(actions: readonly Action[], redact: (text: string) => string): ReadonlyMap<string, string> {
  const lines = redact(actions.map((action) => action.description).join('\n')).split('\n');
  if (lines.length !== actions.length) return new Map(actions.map((action) => [action.id, redact(action.description)]));
  return new Map(actions.map((action, index) => [action.id, lines[index] ?? redact(action.description)]));
}

/** One step context per server, made on first use: one transport per server and run. */
function contextsFor(options: ExecuteOptions, runId: string): (server: string) => StepContext {
  const cache = new Map<string, StepContext>();
  return (server) => {
    let context = cache.get(server);
    if (context === undefined) {
      const transport: Transport = options.transports(server);
      let sql: SqlRunner | undefined;
      context = {
        transport,
        runId,
        stagingDir: options.stagingDir,
        workDir: options.workDir ?? SERVER_WORK_DIR,
        get sql() {
          sql ??= options.sql?.(server);
          return sql;
        },
      };
      cache.set(server, context);
    }
    return context;
  };
}
