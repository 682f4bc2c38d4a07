import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { runLifecycleCommand, type LifecycleCommandOptions } from './lifecycle-command.js';
import { withTaskFlags } from './task-flags.js';

/** `aegir backup @site`, `aegir backup list @site [--json]`, `aegir backup delete @site ID`. */
export function registerBackup(program: Command, ctx: CliContext): void {
  const backup = withTaskFlags(program
    .command('backup')
    .description('back up a site: a consistent database dump, its directory and uploads, in one archive on the hub')
    .argument('<site>', 'the site, e.g. @wiki.example.com'))
    .action(async (site: string, opts: LifecycleCommandOptions) => {
      await runLifecycleCommand(ctx, { verb: 'backup', site }, opts);
    });
  backup
    .command('list')
    .description("list a site's backups, newest first")
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .option('--json', 'print the backups as JSON')
    .action(async (site: string, _opts: unknown, command: Command) => {
      // `--json` may be taken by the parent `backup` command: read it from either.
      const opts = command.optsWithGlobals<{ json?: boolean }>();
      const { siteBackups } = await import('../../hosting/index.js');
      const backups = await withStore(ctx, (store) => siteBackups(store, ctx.actor, site));
      if (opts.json === true) {
        ctx.io.out(renderJson(backups));
        return;
      }
      ctx.io.out(renderTable(['id', 'taken', 'file', 'bytes', 'platform', 'db', 'sha256'],
        backups.map((b) => [String(b.id), b.takenAt, b.file, String(b.size), b.platform, b.dbServer, b.sha256.slice(0, 16)])));
    });
  backup
    .command('delete')
    .description('delete a backup: its archive and its record')
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .argument('<id>', 'the backup id (aegir backup list)')
    .action(async (site: string, id: string) => {
      const { deleteBackup, parseBackupId } = await import('../../hosting/index.js');
      const removed = await withStore(ctx, (store) => deleteBackup(store, ctx.actor, ctx.home, site, parseBackupId(id)));
      ctx.io.out(`deleted backup ${removed.id} (${removed.file})\n`);
    });
}
