import type { Command } from 'commander';
import { installSite } from '../../hosting/tasks/site-use-cases.js';
import { withStore, type CliContext } from '../cli-context.js';
import { collect } from './collect.js';
import { reportTaskOutcome, taskRunOptions, type TaskCommandOptions } from './task-output.js';

interface InstallOptions extends TaskCommandOptions {
  platform?: string;
  db?: string;
  alias: string[];
  redirect?: boolean;
  client?: string;
}

/** `aegir install @site`, or `aegir install uri --platform @p --db @d [...]` to add the site and install it. */
export function registerInstall(program: Command, ctx: CliContext): void {
  program
    .command('install')
    .description('install a site: database, directories, settings, the app installer, vhost; undone on any failure')
    .argument('<site>', 'the site (@wiki.example.com), or a new uri with --platform and --db')
    .option('--platform <alias>', 'add the site first, on this platform')
    .option('--db <alias>', 'add the site first, with its database on this server')
    .option('--alias <name>', 'another name for a new site, repeatable or comma-separated', collect, [])
    .option('--redirect', "a new site's aliases redirect to its uri")
    .option('--client <name>', 'the client that owns a new site')
    .option('--dry-run', 'print the plan and the diff of every file it would change; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the result as JSON')
    .option('--accept-host-key', "trust a server's SSH host key that is not pinned yet")
    .action(async (site: string, opts: InstallOptions) => {
      const adding = opts.platform !== undefined || opts.db !== undefined;
      const add = adding
        ? { uri: site, platform: opts.platform ?? '', db: opts.db ?? '', aliases: opts.alias.join(','), redirect: opts.redirect ?? false, client: opts.client }
        : undefined;
      const outcome = await withStore(ctx, (store) =>
        installSite(store, ctx.actor, { site, ...(add === undefined ? {} : { add }), dryRun: opts.dryRun, acceptHostKey: opts.acceptHostKey }, taskRunOptions(ctx, opts)),
      );
      reportTaskOutcome(ctx, opts, outcome);
    });
}
