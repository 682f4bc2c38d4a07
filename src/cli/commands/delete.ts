import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { reportTaskOutcome, taskRunOptions, type TaskCommandOptions } from './task-output.js';
import { deletePlatformCommand } from './platform-lifecycle.js';
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
      if (kind === 'platform') {
        await deletePlatformCommand(ctx, site, opts.dryRun === true);
        return;
      }
      if (opts.dryRun === true) {
        const { deleteSite } = await import('../../hosting/tasks/site-use-cases.js');
        const outcome = await withStore(ctx, (store) =>
          deleteSite(store, ctx.actor, { site, force, dryRun: true, acceptHostKey: opts.acceptHostKey }, taskRunOptions(ctx, opts)),
        );
        reportTaskOutcome(ctx, opts, outcome);
        return;
      }
      const { requestDelete } = await import('../../hosting/queue/site-requests.js');
      await enqueueAndFollow(ctx, opts, (store) =>
        requestDelete(store, ctx.actor, { site, force, acceptHostKey: opts.acceptHostKey === true }));
    });
}
