import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { noticeTo, reportDryRun, type TaskCommandOptions } from './task-output.js';
import { enqueueAndFollow } from './task-verb.js';

/**
 * `aegir delete @site [--force]`: refused unless the site is disabled, or forced. `aegir delete
 * @platform`: refused while the platform has sites. Queued and
 * followed like every task verb (`--no-wait` returns its id); `--dry-run` queues nothing.
 */
export function registerDelete(program: Command, ctx: CliContext): void {
  program
    .command('delete')
    .description('delete a disabled site (vhost, directory, database and accounts, then the record), or a platform with no sites')
    .argument('<alias>', 'the site (@wiki.example.com) or platform (@mw139)')
    .option('--force', 'delete even when the site is not disabled')
    .option('--dry-run', 'print the plan and the diff of every file it would change; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the finished task as JSON')
    .option('--accept-host-key', "trust a server's SSH host key that is not pinned yet")
    .option('--no-wait', 'queue the task, print its id and return')
    .action(async (site: string, opts: TaskCommandOptions & { force?: boolean; wait: boolean }) => {
      const force = opts.force === true;
      const kind = await withStore(ctx, (store) => store.kindOf(site));
      const { dryRunTask, requestDelete, requestTask, siteAlias } = await import('../../hosting/index.js');
      const target = kind === 'platform' ? site : siteAlias(site);
      if (opts.dryRun === true) {
        const args = kind === 'platform' || !force ? {} : { force };
        const outcome = await withStore(ctx, (store) => dryRunTask(store, ctx.actor, ctx.home, { verb: 'delete', target, args }, { onNotice: noticeTo(ctx) }));
        reportDryRun(ctx, opts, outcome);
        return;
      }
      const acceptHostKey = opts.acceptHostKey === true;
      await enqueueAndFollow(ctx, opts, (store) => (kind === 'platform'
        ? requestTask(store, ctx.actor, { verb: 'delete', target, args: acceptHostKey ? { acceptHostKey } : {} })
        : requestDelete(store, ctx.actor, { site, force, acceptHostKey })));
    });
}
