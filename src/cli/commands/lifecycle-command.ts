import type { LifecycleAsk } from '../../hosting/backups/use-cases.js';
import { withStore, type CliContext } from '../cli-context.js';
import { enqueueAndFollow } from './enqueue-follow.js';
import type { TaskFlags } from './task-flags.js';

export type LifecycleCommandOptions = TaskFlags;

/**
 * Queues a lifecycle task (backup, restore, clone, migrate) and follows it to its end (a line per
 * action), or prints its plan with --dry-run. A running `aegir serve` runs it, else this process
 * does. With --accept-host-key the servers it reaches are trusted first.
 */
export async function runLifecycleCommand(ctx: CliContext, ask: LifecycleAsk, opts: LifecycleCommandOptions): Promise<void> {
  const { dryRunLifecycle, requestLifecycle } = await import('../../hosting/backups/use-cases.js');
  if (opts.acceptHostKey === true) await trustSiteServers(ctx, ask);
  if (opts.dryRun === true) {
    const outcome = await withStore(ctx, (store) => dryRunLifecycle(store, ctx.actor, ctx.home, ask));
    if (outcome.kind === 'dry-run') ctx.io.out(opts.json === true ? `${outcome.json}\n` : outcome.text);
    return;
  }
  await enqueueAndFollow(ctx, opts, (store) => requestLifecycle(store, ctx.actor, ask));
}

async function trustSiteServers(ctx: CliContext, ask: LifecycleAsk): Promise<void> {
  const [{ siteServers, trustServers }, { siteAlias }] = await Promise.all([
    import('../../hosting/trust-servers.js'), import('../../hosting/site-use-cases.js'),
  ]);
  await withStore(ctx, async (store) => {
    const servers = siteServers(await store.loadInventory(), siteAlias(ask.site), ask.args ?? {});
    await trustServers(ctx.home, servers, (text) => ctx.io.err(`${text}\n`));
  });
}
