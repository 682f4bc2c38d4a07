import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { runLifecycleCommand, type LifecycleCommandOptions } from './lifecycle-command.js';
import { withTaskFlags } from './task-flags.js';

interface MigrateOptions extends LifecycleCommandOptions {
  platform?: string;
  db?: string;
  uri?: string;
  to?: string;
  parallel?: string;
}

/** `aegir migrate @site [--platform @p] [--db @d] [--uri new.uri]`, `aegir migrate @platform --to @p2 [--parallel N]`. */
export function registerMigrate(program: Command, ctx: CliContext): void {
  withTaskFlags(program
    .command('migrate')
    .description('move a site to another platform, db server or uri (the old place serves until the new one is verified), or every site of a platform (--to)')
    .argument('<alias>', 'the site (@wiki.example.com) or, with --to, the platform')
    .option('--platform <alias>', 'the new platform of the site')
    .option('--db <alias>', 'the new db server of the site (of the same kind)')
    .option('--uri <uri>', 'the new uri of the site')
    .option('--to <platform>', 'migrate every site of the platform to this one')
    .option('--parallel <n>', 'with --to: sites migrated at once (default 1)'))
    .action(async (alias: string, opts: MigrateOptions) => {
      const { parseAlias } = await import('../../model/index.js');
      if (opts.to !== undefined) {
        await migratePlatformCommand(ctx, parseAlias('platform', alias), parseAlias('to', opts.to), opts);
        return;
      }
      const args = {
        ...(opts.platform === undefined ? {} : { platform: parseAlias('platform', opts.platform) }),
        ...(opts.db === undefined ? {} : { db: parseAlias('db', opts.db) }),
        ...(opts.uri === undefined ? {} : { uri: opts.uri.replace(/^@/, '') }),
      };
      await runLifecycleCommand(ctx, { verb: 'migrate', site: alias, args }, opts);
    });
}

/** Every site of a platform, each its own queued task; with --json only the summary goes to stdout. */
async function migratePlatformCommand(ctx: CliContext, platform: string, to: string, opts: MigrateOptions): Promise<void> {
  const { migratePlatform, positiveInt } = await import('../../hosting/index.js');
  const parallel = positiveInt('--parallel', opts.parallel, 1);
  const progress = (line: string): void => (opts.json === true ? ctx.io.err(`${line}\n`) : ctx.io.out(`${line}\n`));
  const summary = await withStore(ctx, (store) => migratePlatform(store, ctx.actor, ctx.home, {
    platform, to, parallel, ...(opts.dryRun === true ? { dryRun: true } : {}), ...(opts.wait ? {} : { wait: false }),
    ...(opts.acceptHostKey === true ? { acceptHostKey: true } : {}),
  }, progress));
  if (opts.json === true) ctx.io.out(renderJson(summary));
  const failed = summary.filter((entry) => entry.status !== 'succeeded' && entry.status !== 'queued' && entry.status !== 'planned');
  if (failed.length > 0) throw new AegirError('platform_migrate_failed', `${failed.length} of ${summary.length} sites were not migrated`);
}
