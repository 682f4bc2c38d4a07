import type { LifecycleAsk } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { enqueueAndFollow } from './enqueue-follow.js';
import { noticeTo, reportDryRun } from './task-output.js';
import type { TaskFlags } from './task-flags.js';

export type LifecycleCommandOptions = TaskFlags;

/**
 * Queues a lifecycle task (backup, restore, clone, migrate) and follows it to its end (a line per
 * action), or prints its plan with --dry-run. A running `aegir serve` runs it, else this process
 * does. With --accept-host-key the task trusts the servers it reaches that have no key pinned yet.
 */
export async function runLifecycleCommand(ctx: CliContext, ask: LifecycleAsk, opts: LifecycleCommandOptions): Promise<void> {
  const { dryRunTask, requestLifecycle, siteAlias } = await import('../../hosting/index.js');
  if (opts.dryRun === true) {
    const outcome = await withStore(ctx, (store) =>
      dryRunTask(store, ctx.actor, ctx.home, { verb: ask.verb, target: siteAlias(ask.site), args: { ...ask.args } }, { onNotice: noticeTo(ctx) }));
    reportDryRun(ctx, opts, outcome);
    return;
  }
  await enqueueAndFollow(ctx, opts, (store) => requestLifecycle(store, ctx.actor, { ...ask, ...(opts.acceptHostKey === true ? { acceptHostKey: true } : {}) }));
}
