import { AegirError } from '../../model/errors.js';
import type { Store, TaskRecord } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { logLine, taskSummary } from './task-render.js';

/** Exit 0 when the task succeeded, else an error that exits 1. */
export function finishedTask(task: TaskRecord): void {
  if (task.status !== 'succeeded') {
    const why = task.error === undefined ? '' : `: ${task.error}`;
    throw new AegirError(`task_${task.status}`, `task ${task.id} (${task.verb} ${task.target}) ${task.status}${why}`);
  }
}

/** The flags of every queued task command. */
export interface FollowFlags {
  json?: boolean;
  /** False with `--no-wait`. */
  wait: boolean;
}

/**
 * Follows a queued task to its end (a line per action unless --json: then only the task goes to
 * stdout, notices still to stderr); Ctrl-C cancels it when this process runs it. The one way every
 * command waits for a task.
 */
export async function followToEnd(ctx: CliContext, store: Store, id: number, opts: Pick<FollowFlags, 'json'>): Promise<TaskRecord> {
  const { awaitTask } = await import('../../hosting/index.js');
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    const { task } = await awaitTask(store, ctx.home, id, {
      signal: stop.signal,
      onEntry: (entry) => {
        const line = logLine(entry);
        if (line.out !== undefined && opts.json !== true) ctx.io.out(line.out);
        if (line.err !== undefined) ctx.io.err(line.err);
      },
    });
    return task;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/**
 * Queues a task (`enqueue` returns its id), then follows it live to its end (a line per action):
 * a running `aegir serve` runs it, else this process does. With `--no-wait` prints the id (with
 * --json the queued task) and returns, warning when no daemon is there to run it. Exits 1 when
 * the task did not succeed.
 */
export async function enqueueAndFollow(ctx: CliContext, opts: FollowFlags, enqueue: (store: Store) => Promise<number>): Promise<void> {
  const task = await withStore(ctx, async (store) => {
    const id = await enqueue(store);
    if (!opts.wait) {
      const { isDaemonRunning, noDaemonNotice, showTask } = await import('../../hosting/index.js');
      if (!(await isDaemonRunning(store))) ctx.io.err(`aegir: warning: ${noDaemonNotice(id)}\n`);
      ctx.io.out(opts.json === true ? renderJson(await showTask(store, ctx.actor, id)) : `${id}\n`);
      return undefined;
    }
    return await followToEnd(ctx, store, id, opts);
  });
  if (task === undefined) return;
  ctx.io.out(opts.json === true ? renderJson(task) : taskSummary(task));
  finishedTask(task);
}
