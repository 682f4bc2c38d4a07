import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { collect } from './collect.js';
import { withTaskFlags, type TaskFlags } from './task-flags.js';
import { noticeTo, reportDryRun } from './task-output.js';
import { enqueueAndFollow } from './enqueue-follow.js';

interface InstallOptions extends TaskFlags {
  platform?: string;
  db?: string;
  alias: string[];
  redirect?: boolean;
  client?: string;
}

/**
 * `aegir install @site`, or `aegir install uri --platform @p --db @d [...]` to add the site and
 * queue its install in one transaction. Follows the task like every task verb (`--no-wait`
 * returns its id); `--dry-run` prints the plan and queues nothing (a new site is not kept).
 */
export function registerInstall(program: Command, ctx: CliContext): void {
  withTaskFlags(program
    .command('install')
    .description('install a site: database, directories, settings, the app installer, vhost; undone on any failure')
    .argument('<site>', 'the site (@wiki.example.com), or a new uri with --platform and --db')
    .option('--platform <alias>', 'add the site first, on this platform')
    .option('--db <alias>', 'add the site first, with its database on this server')
    .option('--alias <name>', 'another name for a new site, repeatable or comma-separated', collect, [])
    .option('--redirect', "a new site's aliases redirect to its uri")
    .option('--client <name>', 'the client that owns a new site'))
    .action(async (site: string, opts: InstallOptions) => {
      const adding = opts.platform !== undefined || opts.db !== undefined;
      const add = adding
        ? { uri: site, platform: opts.platform ?? '', db: opts.db ?? '', aliases: opts.alias.join(','), redirect: opts.redirect ?? false, client: opts.client }
        : undefined;
      if (opts.dryRun === true) {
        const { dryRunTask, siteAlias } = await import('../../hosting/index.js');
        const outcome = await withStore(ctx, (store) =>
          dryRunTask(store, ctx.actor, ctx.home, { verb: 'install', target: siteAlias(site), ...(add === undefined ? {} : { add }) }, { onNotice: noticeTo(ctx) }));
        reportDryRun(ctx, opts, outcome);
        return;
      }
      const { requestInstall } = await import('../../hosting/index.js');
      await enqueueAndFollow(ctx, opts, async (store) =>
        (await requestInstall(store, ctx.actor, { site, ...(add === undefined ? {} : { add }), acceptHostKey: opts.acceptHostKey === true })).taskId);
    });
}
