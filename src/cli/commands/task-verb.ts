import type { Command } from 'commander';
import type { TaskVerb } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { noticeTo, reportDryRun } from './task-output.js';
import { enqueueAndFollow } from './enqueue-follow.js';
import { withTaskFlags, type TaskFlags } from './task-flags.js';

interface TaskVerbOptions extends TaskFlags {
  sites?: boolean;
}

/**
 * A task verb on the command line: `aegir VERB @alias`. It queues the task, then follows it live (a
 * line per action) to its end; a running `aegir serve` runs it, else this process does. `--no-wait`
 * prints the task id and returns; `--dry-run` prints the plan and queues nothing.
 */
export function registerTaskVerb(program: Command, ctx: CliContext, verb: TaskVerb, description: string): void {
  const command = withTaskFlags(program
    .command(verb)
    .description(description)
    .argument('<alias>', 'the server, platform or site, e.g. @web1'));
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
