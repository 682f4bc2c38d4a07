import type { ExecutorEvent } from '../../engine/index.js';
import { redactPlan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import { AegirError } from '../../model/index.js';
import {
  appendFencedLog, finishTask, recordPlan, releaseTask, renewLeases, type Fence, type LeaseState, type LogLine, type Outcome, type TaskRecord,
} from '../../store/queue/index.js';
import type { GroupRunner, RunContext, RunOutput, TaskRunner } from './runner.js';

export interface RunClaimedOptions {
  readonly owner: string;
  readonly leaseMs: number;
  /** How often the lease is renewed and a cancel request looked for. */
  readonly heartbeatMs: number;
  readonly runner: TaskRunner;
  /** Aborting stops the task cleanly (rollback, `cancelled`): a daemon shutting down. */
  readonly signal?: AbortSignal;
  /** Aborts when the daemon begins to stop: tasks of a group not started yet go back to the queue. */
  readonly stopping?: AbortSignal;
  /** Called to look for a cancel request of this task at once (a PostgreSQL notification). */
  readonly onCheckRequest?: (taskId: number, check: () => void) => () => void;
  readonly log?: (msg: string, fields: Record<string, unknown>) => void;
  /** How long events wait to be written together (one transaction); default `LOG_FLUSH_MS`. */
  readonly logFlushMs?: number;
}

/** Executor events are written to the log in one transaction at most this often. */
export const LOG_FLUSH_MS = 50;

export type ClaimedStatus = TaskRecord['status'] | 'lost';

function toLine(event: ExecutorEvent): LogLine {
  const { type, at, ...data } = event;
  return { at, type, data };
}

/**
 * One claimed task while it runs: its fence, its stop state (cancelled, or lost to another worker)
 * and its log, written in batches (the events of each `logFlushMs` in one transaction).
 */
class ClaimedTask {
  readonly fence: Fence;
  readonly abort = new AbortController();
  lost = false;
  cancelled = false;
  /** Its end is recorded (or being recorded): no more lease renewals. */
  ended = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly pending: LogLine[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    readonly task: TaskRecord,
    private readonly flushMs: number,
  ) {
    this.fence = { taskId: task.id, attempt: task.attempt, owner: task.leaseOwner ?? '' };
  }

  stop(reason: 'lost' | 'cancel'): void {
    if (reason === 'lost') this.lost = true;
    else this.cancelled = true;
    if (!this.abort.signal.aborted) this.abort.abort(reason);
  }

  apply(state: LeaseState): void {
    if (!state.held) this.stop('lost');
    else if (state.cancelRequested) this.stop('cancel');
  }

  record(line: LogLine): void {
    this.pending.push(line);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.flushMs);
  }

  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const lines = this.pending.splice(0);
      if (lines.length === 0 || this.lost) return;
      if (!(await appendFencedLog(this.store, this.fence, lines))) this.stop('lost');
    }).catch(() => undefined);
    return this.writing;
  }

  context(): RunContext {
    return {
      signal: this.abort.signal,
      onEvent: (event) => this.record(toLine(event)),
      onNotice: (text) => this.record({ at: Date.now(), type: 'notice', data: { text } }),
      onPlan: async (plan) => {
        // Stored before anything runs, so `task show` has the plan of a running task.
        if (this.lost || !(await recordPlan(this.store, this.fence, JSON.stringify(redactPlan(plan))))) {
          this.stop('lost');
          throw new AegirError('lease_lost', `task ${this.task.id}: another worker holds it now`);
        }
      },
    };
  }

  /** Gives the task back to the queue (it never started); `queued`, or `lost` when it was not ours any more. */
  async release(reason: string): Promise<ClaimedStatus> {
    this.ended = true;
    clearTimeout(this.flushTimer);
    await this.flush();
    if (this.lost) return 'lost';
    return (await releaseTask(this.store, this.fence, reason)) ? 'queued' : 'lost';
  }

  /** Records the end: the runner's output or the error that stopped it. */
  async finish(output: RunOutput | Error): Promise<ClaimedStatus> {
    this.ended = true;
    clearTimeout(this.flushTimer);
    let outcome: Outcome;
    if (output instanceof Error) {
      outcome = { status: this.cancelled ? 'cancelled' : 'failed', error: output.message };
    } else {
      const status = output.result.status === 'succeeded' ? 'succeeded' : output.result.status === 'cancelled' || this.cancelled ? 'cancelled' : 'failed';
      outcome = {
        status,
        planJson: JSON.stringify(redactPlan(output.plan)),
        resultJson: JSON.stringify(output.result),
        ...(output.result.failure === undefined ? {} : { error: `${output.result.failure.actionId} on ${output.result.failure.server}: ${output.result.failure.reason}` }),
      };
    }
    await this.flush();
    if (this.lost) return 'lost';
    if (!(await finishTask(this.store, this.fence, outcome))) return 'lost';
    return outcome.status;
  }
}

/**
 * Runs a claimed task: renews its lease while it runs, writes every executor event to its log
 * (fenced by the claim), stops it when cancel is asked or the lease is lost, and records the end.
 * Returns the final status, or `lost` when another worker owns the task now (nothing recorded).
 */
export async function runClaimed(store: Store, task: TaskRecord, options: RunClaimedOptions): Promise<ClaimedStatus> {
  const [status] = await runClaimedGroup(store, [task], {
    ...options,
    groupRunner: async ([only], ctx) => {
      if (only === undefined) return new Map();
      try {
        return new Map([[only.id, await options.runner(only, ctx.member(only.id))]]);
      } catch (error) {
        return new Map([[only.id, error instanceof Error ? error : new Error(String(error))]]);
      }
    },
  });
  return status ?? 'lost';
}

/**
 * Runs tasks claimed together (a group, see `claimTasks`): one heartbeat renews every lease in one
 * transaction; each task keeps its own log, cancel request and end. The group's signal aborts when
 * any of them is cancelled or lost, or the daemon shuts down. A status per task, in order.
 */
export async function runClaimedGroup(
  store: Store,
  tasks: readonly TaskRecord[],
  options: Omit<RunClaimedOptions, 'runner'> & { readonly groupRunner: GroupRunner },
): Promise<ClaimedStatus[]> {
  const flushMs = options.logFlushMs ?? LOG_FLUSH_MS;
  const members = tasks.map((task) => new ClaimedTask(store, { ...task, leaseOwner: options.owner }, flushMs));
  const byId = new Map(members.map((member) => [member.task.id, member]));
  const group = new AbortController();
  const stopGroup = (): void => {
    if (!group.signal.aborted) group.abort('stopped');
  };
  for (const member of members) member.abort.signal.addEventListener('abort', stopGroup);
  const onShutdown = (): void => {
    for (const member of members) member.stop('cancel');
  };
  options.signal?.addEventListener('abort', onShutdown);
  if (options.signal?.aborted === true) onShutdown();

  let beating = false;
  let leaseUntil = Date.now() + options.leaseMs;
  const beat = async (): Promise<void> => {
    const live = members.filter((member) => !member.lost && !member.ended);
    if (beating || live.length === 0) return;
    beating = true;
    try {
      const states = await renewLeases(store, live.map((member) => member.fence), options.leaseMs);
      leaseUntil = Date.now() + options.leaseMs;
      live.forEach((member, i) => member.apply(states[i] ?? { held: false, cancelRequested: false }));
    } catch (error) {
      options.log?.('lease renewal failed', { tasks: live.map((member) => member.task.id), error: String(error) });
      // A worker that cannot renew must stop before another may take the tasks over.
      if (Date.now() > leaseUntil - options.heartbeatMs) for (const member of live) member.stop('lost');
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(() => void beat(), options.heartbeatMs);
  const unsubscribe = members.map((member) => options.onCheckRequest?.(member.task.id, () => void beat()));

  // Each task's end is written as soon as it is known: a task done early is never left running
  // (holding its locks, or recovered as if it had died) while the rest of its group goes on.
  const ends = new Map<number, Promise<ClaimedStatus>>();
  const memberOf = (id: number): ClaimedTask => {
    const member = byId.get(id);
    if (member === undefined) throw new AegirError('not_in_group', `task ${id} is not in this group`);
    return member;
  };
  try {
    let outputs: ReadonlyMap<number, RunOutput | Error>;
    try {
      outputs = await options.groupRunner(members.map((member) => member.task), {
        signal: group.signal,
        ...(options.stopping === undefined ? {} : { stopping: options.stopping }),
        member: (id) => memberOf(id).context(),
        done: (id, output) => {
          if (!ends.has(id)) ends.set(id, memberOf(id).finish(output));
        },
        release: (id, reason) => {
          if (!ends.has(id)) ends.set(id, memberOf(id).release(reason));
        },
      });
    } catch (error) {
      const failed = error instanceof Error ? error : new Error(String(error));
      outputs = new Map(members.map((member) => [member.task.id, failed]));
    }
    clearInterval(timer);
    for (const member of members) {
      if (!ends.has(member.task.id)) {
        ends.set(member.task.id, member.finish(outputs.get(member.task.id) ?? new AegirError('task_not_run', `task ${member.task.id} was not run`)));
      }
    }
    return await Promise.all(members.map(async (member) => (await ends.get(member.task.id)) ?? 'lost'));
  } finally {
    clearInterval(timer);
    for (const off of unsubscribe) off?.();
    options.signal?.removeEventListener('abort', onShutdown);
  }
}
