import { AegirError } from '../../model/errors.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
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
 * Queues a task (`enqueue` returns its id), then follows it live to its end (a line per action):
 * a running `aegir serve` runs it, else this process does. With `--no-wait` prints the id (with
 * --json the queued task) and returns, warning when no daemon is there to run it. Exits 1 when
 * the task did not succeed.
 */
export async function enqueueAndFollow(ctx: CliContext, opts: FollowFlags, enqueue: (store: Store) => Promise<number>): Promise<void> {
  const task = await withStore(ctx, async (store) => {
    const id = await enqueue(store);
    if (!opts.wait) {
      const [{ showTask }, { isDaemonRunning, noDaemonNotice }] = await Promise.all([
        import('../../hosting/queue/task-use-cases.js'), import('../../hosting/queue/daemon-presence.js'),
      ]);
      if (!(await isDaemonRunning(store))) ctx.io.err(`aegir: warning: ${noDaemonNotice(id)}\n`);
      ctx.io.out(opts.json === true ? renderJson(await showTask(store, ctx.actor, id)) : `${id}\n`);
      return undefined;
    }
    const [{ awaitTask }, { hubRunner }, { settingsFromEnv }] = await Promise.all([
      import('../../hosting/queue/task-use-cases.js'), import('../../hosting/queue/runner.js'), import('../../hosting/queue/settings.js'),
    ]);
    const stop = new AbortController();
    const onSigint = (): void => stop.abort();
    process.once('SIGINT', onSigint);
    try {
      const { task } = await awaitTask(store, id, {
        runner: hubRunner(store, ctx.home),
        settings: settingsFromEnv(process.env),
        signal: stop.signal,
        onEntry: (entry) => {
          // With --json only the task goes to stdout; notices still go to stderr.
          const line = logLine(entry);
          if (line.out !== undefined && opts.json !== true) ctx.io.out(line.out);
          if (line.err !== undefined) ctx.io.err(line.err);
        },
      });
      return task;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  });
  if (task === undefined) return;
  ctx.io.out(opts.json === true ? renderJson(task) : taskSummary(task));
  finishedTask(task);
}
