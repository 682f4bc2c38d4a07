import type { Command } from 'commander';
import { deleteSite } from '../../hosting/tasks/site-use-cases.js';
import { withStore, type CliContext } from '../cli-context.js';
import { reportTaskOutcome, taskRunOptions, type TaskCommandOptions } from './task-output.js';

/** `aegir delete @site [--force]`: refused unless the site is disabled, or forced. */
export function registerDelete(program: Command, ctx: CliContext): void {
  program
    .command('delete')
    .description('delete a disabled site: vhost, site directory, database and its accounts, then the record')
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .option('--force', 'delete even when the site is not disabled')
    .option('--dry-run', 'print the plan and the diff of every file it would change; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the result as JSON')
    .option('--accept-host-key', "trust a server's SSH host key that is not pinned yet")
    .action(async (site: string, opts: TaskCommandOptions & { force?: boolean }) => {
      const outcome = await withStore(ctx, (store) =>
        deleteSite(store, ctx.actor, { site, force: opts.force === true, dryRun: opts.dryRun, acceptHostKey: opts.acceptHostKey }, taskRunOptions(ctx, opts)),
      );
      reportTaskOutcome(ctx, opts, outcome);
    });
}
