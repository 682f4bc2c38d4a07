import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { confirmByTyping } from '../confirm.js';
import { enqueueAndFollow } from './enqueue-follow.js';
import { deletePlatformCommand } from './platform-lifecycle.js';
import { withTaskFlags, type TaskFlags } from './task-flags.js';
import { noticeTo, reportDryRun } from './task-output.js';

export interface DeleteOptions extends TaskFlags {
  force?: boolean;
  /** False with `--no-backup`. */
  backup: boolean;
  yes?: boolean;
}

/**
 * `aegir delete @site [--force] [--no-backup]`: refused unless the site is disabled, or forced; a
 * backup is taken first unless --no-backup. `aegir delete @platform`: refused while it has sites.
 * On a terminal the person confirms by typing the uri (or the platform's name); `--yes` skips
 * that, and without a terminal `--yes` is needed. A site's delete is queued and followed like
 * every task verb; `--dry-run` queues nothing and asks nothing.
 */
export function registerDelete(program: Command, ctx: CliContext): void {
  withTaskFlags(program
    .command('delete')
    .description('delete a disabled site (a backup first, then its vhost, directory, database and accounts, then the record), or a platform with no sites')
    .argument('<alias>', 'the site (@wiki.example.com) or platform (@mw139)')
    .option('--force', 'delete even when the site is not disabled')
    .option('--no-backup', 'a site: do not take a backup first')
    .option('--yes', 'do not ask for confirmation (for scripts)'))
    .action(async (alias: string, opts: DeleteOptions) => {
      const { parseAlias } = await import('../../model/index.js');
      const target = parseAlias('alias', alias);
      const kind = await withStore(ctx, (store) => store.kindOf(target));
      if (kind === 'platform') {
        if (!opts.backup) throw new AegirError('bad_option', '--no-backup is for a site: a platform delete takes no backup', { exitCode: 2 });
        if (opts.force === true) throw new AegirError('bad_option', '--force is for a site: a platform is deleted only when it has no sites', { exitCode: 2 });
        await deletePlatformCommand(ctx, target, opts);
        return;
      }
      await deleteSiteCommand(ctx, target, opts);
    });
}

async function deleteSiteCommand(ctx: CliContext, site: string, opts: DeleteOptions): Promise<void> {
  const force = opts.force === true;
  if (opts.dryRun === true) {
    const { dryRunTask } = await import('../../hosting/index.js');
    const args = { ...(force ? { force } : {}), ...(opts.backup ? {} : { backup: false }) };
    const outcome = await withStore(ctx, (store) => dryRunTask(store, ctx.actor, ctx.home, { verb: 'delete', target: site, args }, { onNotice: noticeTo(ctx) }));
    reportDryRun(ctx, opts, outcome);
    return;
  }
  const { checkDeleteRequest, requestDelete } = await import('../../hosting/index.js');
  const request = { site, force, acceptHostKey: opts.acceptHostKey === true, ...(opts.backup ? {} : { backup: false }) };
  // Refusals come before the question: nobody is asked to confirm what would be refused.
  await withStore(ctx, (store) => checkDeleteRequest(store, ctx.actor, request));
  const uri = site.slice(1);
  await confirmByTyping(ctx, {
    warning: `This deletes ${uri} from its servers: its vhost, directory, database and database accounts, then its record` +
      (opts.backup ? ' (a backup is taken first).' : ', with no backup (--no-backup).'),
    what: "the site's uri",
    answer: uri,
    command: `aegir delete ${site}`,
  }, opts.yes === true);
  await enqueueAndFollow(ctx, opts, (store) => requestDelete(store, ctx.actor, request));
}
