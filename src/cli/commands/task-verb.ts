import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import type { Store, TaskRecord, TaskVerb } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { noticeTo, reportDryRun } from './task-output.js';
import { logLine, taskSummary } from './task-render.js';

interface TaskVerbOptions {
  dryRun?: boolean;
  json?: boolean;
  acceptHostKey?: boolean;
  sites?: boolean;
  wait: boolean;
}

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
 * a running `aegir serve` runs it, else this process does. With `--no-wait` prints the id and
 * returns. Exits 1 when the task did not succeed.
 */
export async function enqueueAndFollow(ctx: CliContext, opts: FollowFlags, enqueue: (store: Store) => Promise<number>): Promise<void> {
  const task = await withStore(ctx, async (store) => {
    const id = await enqueue(store);
    if (!opts.wait) return id;
    return await followToEnd(ctx, store, id, opts);
  });
  if (typeof task === 'number') {
    ctx.io.out(`${task}\n`);
    return;
  }
  ctx.io.out(opts.json === true ? renderJson(task) : taskSummary(task));
  finishedTask(task);
}

/**
 * Follows a queued task to its end (a line per action unless --json); Ctrl-C cancels it when this
 * process runs it. The one way every command waits for a task.
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
        if (opts.json === true) return;
        const line = logLine(entry);
        if (line.out !== undefined) ctx.io.out(line.out);
        if (line.err !== undefined) ctx.io.err(line.err);
      },
    });
    return task;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/**
 * A task verb on the command line: `aegir VERB @alias`. It queues the task, then follows it live (a
 * line per action) to its end; a running `aegir serve` runs it, else this process does. `--no-wait`
 * prints the task id and returns; `--dry-run` prints the plan and queues nothing.
 */
export function registerTaskVerb(program: Command, ctx: CliContext, verb: TaskVerb, description: string): void {
  const command = program
    .command(verb)
    .description(description)
    .argument('<alias>', 'the server, platform or site, e.g. @web1')
    .option('--dry-run', 'print the plan and the diff of every file it would change; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the finished task as JSON')
    .option('--accept-host-key', "trust a server's SSH host key that is not pinned yet")
    .option('--no-wait', 'queue the task, print its id and return');
  if (verb === 'verify') command.option('--sites', 'with a platform: verify it and every site on it as one task (one push and reload per web head)');
  command.action(async (alias: string, opts: TaskVerbOptions) => {
      const taskVerb: TaskVerb = opts.sites === true ? 'verify-fleet' : verb;
      if (opts.dryRun === true) {
        const { dryRunTask } = await import('../../hosting/index.js');
        const outcome = await withStore(ctx, (store) => dryRunTask(store, ctx.actor, ctx.home, { verb: taskVerb, target: alias }, { onNotice: noticeTo(ctx) }));
        reportDryRun(ctx, opts, outcome);
        return;
      }
      const { requestTask } = await import('../../hosting/index.js');
      await enqueueAndFollow(ctx, opts, (store) =>
        requestTask(store, ctx.actor, { verb: taskVerb, target: alias, args: opts.acceptHostKey === true ? { acceptHostKey: true } : {} }));
    });
}
