import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import type { TaskVerb } from '../../tasks/types.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
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
  });
  if (typeof task === 'number') {
    ctx.io.out(`${task}\n`);
    return;
  }
  ctx.io.out(opts.json === true ? renderJson(task) : taskSummary(task));
  finishedTask(task);
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
        const { runTask } = await import('../../hosting/run-task.js');
        const outcome = await withStore(ctx, (store) =>
          runTask(store, ctx.actor, { verb: taskVerb, target: alias, dryRun: true }, { home: ctx.home, onNotice: (text) => ctx.io.err(`${text}\n`) }),
        );
        if (outcome.kind === 'dry-run') ctx.io.out(opts.json === true ? `${outcome.json}\n` : outcome.text);
        return;
      }
      const { requestTask } = await import('../../hosting/queue/request-task.js');
      await enqueueAndFollow(ctx, opts, (store) =>
        requestTask(store, ctx.actor, { verb: taskVerb, target: alias, args: opts.acceptHostKey === true ? { acceptHostKey: true } : {} }));
    });
}
