import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { lifecycleOptions, runLifecycleCommand, type LifecycleCommandOptions } from './backup.js';

interface MigrateOptions extends LifecycleCommandOptions {
  platform?: string;
  db?: string;
  uri?: string;
  to?: string;
  parallel?: string;
}

/** `aegir migrate @site [--platform @p] [--db @d] [--uri new.uri]`, `aegir migrate @platform --to @p2 [--parallel N]`. */
export function registerMigrate(program: Command, ctx: CliContext): void {
  lifecycleOptions(program
    .command('migrate')
    .description('move a site to another platform, db server or uri (the old place serves until the new one is verified), or every site of a platform (--to)')
    .argument('<alias>', 'the site (@wiki.example.com) or, with --to, the platform')
    .option('--platform <alias>', 'the new platform of the site')
    .option('--db <alias>', 'the new db server of the site (of the same kind)')
    .option('--uri <uri>', 'the new uri of the site')
    .option('--to <platform>', 'migrate every site of the platform to this one')
    .option('--parallel <n>', 'with --to: sites migrated at once (default 1)'))
    .action(async (alias: string, opts: MigrateOptions) => {
      if (opts.to !== undefined) {
        const to = opts.to;
        const [{ migratePlatform }, { positiveInt }] = await Promise.all([
          import('../../hosting/index.js'), import('../../hosting/index.js'),
        ]);
        const summary = await withStore(ctx, (store) => migratePlatform(store, ctx.actor, ctx.home, {
          platform: alias, to, parallel: positiveInt('--parallel', opts.parallel, 1), ...(opts.dryRun === true ? { dryRun: true } : {}),
        }, (line) => ctx.io.out(`${line}\n`)));
        if (opts.json === true) ctx.io.out(renderJson(summary));
        const failed = summary.filter((entry) => entry.status !== 'succeeded');
        if (failed.length > 0) throw new AegirError('platform_migrate_failed', `${failed.length} of ${summary.length} sites were not migrated`);
        return;
      }
      const args = {
        ...(opts.platform === undefined ? {} : { platform: opts.platform }),
        ...(opts.db === undefined ? {} : { db: opts.db }),
        ...(opts.uri === undefined ? {} : { uri: opts.uri.replace(/^@/, '') }),
      };
      await runLifecycleCommand(ctx, { verb: 'migrate', site: alias, args }, opts);
    });
}
