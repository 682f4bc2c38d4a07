import type { ExecutorEvent } from '../../engine/index.js';
import { redactPlan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import { AegirError } from '../../model/index.js';
import {
  appendFencedLog, finishTask, recordPlan, renewLease, type Fence, type LogLine, type TaskRecord,
} from '../../store/queue/index.js';
import type { TaskRunner } from './runner.js';

export interface RunClaimedOptions {
  readonly owner: string;
  readonly leaseMs: number;
  /** How often the lease is renewed and a cancel request looked for. */
  readonly heartbeatMs: number;
  readonly runner: TaskRunner;
  /** Aborting stops the task cleanly (rollback, `cancelled`): a daemon shutting down. */
  readonly signal?: AbortSignal;
  /** Called to look for a cancel request at once (a PostgreSQL notification). */
  readonly onCheckRequest?: (check: () => void) => () => void;
  readonly log?: (msg: string, fields: Record<string, unknown>) => void;
  /** How long events wait to be written together (one transaction); default `LOG_FLUSH_MS`. */
  readonly logFlushMs?: number;
}

/** Executor events are written to the log in one transaction at most this often. */
export const LOG_FLUSH_MS = 50;

function toLine(event: ExecutorEvent): LogLine {
  const { type, at, ...data } = event;
  return { at, type, data };
}

/**
 * Runs a claimed task: renews its lease while it runs, writes every executor event to its log
 * (fenced by the claim; the events of each `logFlushMs` in one transaction, the rest at the end), stops it when cancel is asked or the lease is lost, and records the end.
 * Returns the final status, or `lost` when another worker owns the task now (nothing recorded).
 */
export async function runClaimed(store: Store, task: TaskRecord, options: RunClaimedOptions): Promise<TaskRecord['status'] | 'lost'> {
  const fence: Fence = { taskId: task.id, attempt: task.attempt, owner: options.owner };
  const abort = new AbortController();
  let lost = false;
  let cancelled = false;
  const stop = (reason: 'lost' | 'cancel'): void => {
    if (reason === 'lost') lost = true;
    else cancelled = true;
    if (!abort.signal.aborted) abort.abort(reason);
  };
  const onShutdown = (): void => stop('cancel');
  options.signal?.addEventListener('abort', onShutdown);
  if (options.signal?.aborted === true) stop('cancel');

  let writing: Promise<void> = Promise.resolve();
  const pending: LogLine[] = [];
  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      const lines = pending.splice(0);
      if (lines.length === 0 || lost) return;
      if (!(await appendFencedLog(store, fence, lines))) stop('lost');
    }).catch(() => undefined);
    return writing;
  };
  let flushTimer: NodeJS.Timeout | undefined;
  const record = (line: LogLine): void => {
    pending.push(line);
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      void flush();
    }, options.logFlushMs ?? LOG_FLUSH_MS);
  };

  let beating = false;
  let leaseUntil = Date.now() + options.leaseMs;
  const beat = async (): Promise<void> => {
    if (beating || lost) return;
    beating = true;
    try {
      const state = await renewLease(store, fence, options.leaseMs);
      if (!state.held) stop('lost');
      else {
        leaseUntil = Date.now() + options.leaseMs;
        if (state.cancelRequested) stop('cancel');
      }
    } catch (error) {
      options.log?.('lease renewal failed', { task: task.id, error: String(error) });
      // A worker that cannot renew must stop before another may take the task over.
      if (Date.now() > leaseUntil - options.heartbeatMs) stop('lost');
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(() => void beat(), options.heartbeatMs);
  const unsubscribe = options.onCheckRequest?.(() => void beat());

  try {
    let outcome: Parameters<typeof finishTask>[2];
    try {
      const output = await options.runner(task, {
        signal: abort.signal,
        onEvent: (event) => record(toLine(event)),
        onNotice: (text) => record({ at: Date.now(), type: 'notice', data: { text } }),
        onPlan: async (plan) => {
          // Stored before anything runs, so `task show` has the plan of a running task.
          if (lost || !(await recordPlan(store, fence, JSON.stringify(redactPlan(plan))))) {
            stop('lost');
            throw new AegirError('lease_lost', `task ${task.id}: another worker holds it now`);
          }
        },
      });
      const status = output.result.status === 'succeeded' ? 'succeeded' : output.result.status === 'cancelled' || cancelled ? 'cancelled' : 'failed';
      outcome = {
        status,
        planJson: JSON.stringify(redactPlan(output.plan)),
        resultJson: JSON.stringify(output.result),
        ...(output.result.failure === undefined ? {} : { error: `${output.result.failure.actionId} on ${output.result.failure.server}: ${output.result.failure.reason}` }),
      };
    } catch (error) {
      outcome = { status: cancelled ? 'cancelled' : 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    clearInterval(timer);
    clearTimeout(flushTimer);
    await flush();
    if (lost) return 'lost';
    if (!(await finishTask(store, fence, outcome))) return 'lost';
    return outcome.status;
  } finally {
    clearInterval(timer);
    clearTimeout(flushTimer);
    unsubscribe?.();
    options.signal?.removeEventListener('abort', onShutdown);
  }
}
