import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { runLifecycleCommand, type LifecycleCommandOptions } from './lifecycle-command.js';
import { withTaskFlags } from './task-flags.js';

/** `aegir restore @site [BACKUP]`. */
export function registerRestore(program: Command, ctx: CliContext): void {
  withTaskFlags(program
    .command('restore')
    .description('restore a site from a backup (default the newest): a fresh backup first, a new database, directories swapped; undone on failure')
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .argument('[backup]', 'the backup id (aegir backup list); default the newest'))
    .action(async (site: string, backup: string | undefined, opts: LifecycleCommandOptions) => {
      const { parseBackupId } = await import('../../hosting/index.js');
      await runLifecycleCommand(ctx, { verb: 'restore', site, ...(backup === undefined ? {} : { args: { backup: parseBackupId(backup) } }) }, opts);
    });
}
