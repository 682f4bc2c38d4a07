import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { lifecycleOptions, runLifecycleCommand, type LifecycleCommandOptions } from './backup.js';

/** `aegir clone @site new.uri [--platform @p] [--db @d]`. */
export function registerClone(program: Command, ctx: CliContext): void {
  lifecycleOptions(program
    .command('clone')
    .description('copy a site to a new uri from a fresh backup (aliases and TLS are not copied); the original is untouched')
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .argument('<uri>', 'the new site, e.g. staging.example.com')
    .option('--platform <alias>', 'the platform of the copy (default the same)')
    .option('--db <alias>', 'the db server of the copy (default the same)'))
    .action(async (site: string, uri: string, opts: LifecycleCommandOptions & { platform?: string; db?: string }) => {
      const args = { uri: uri.replace(/^@/, ''), ...(opts.platform === undefined ? {} : { platform: opts.platform }), ...(opts.db === undefined ? {} : { db: opts.db }) };
      await runLifecycleCommand(ctx, { verb: 'clone', site, args }, opts);
    });
}
