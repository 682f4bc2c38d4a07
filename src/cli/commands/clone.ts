import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { runLifecycleCommand, type LifecycleCommandOptions } from './lifecycle-command.js';
import { withTaskFlags } from './task-flags.js';

/** `aegir clone @site new.uri [--platform @p] [--db @d]`. */
export function registerClone(program: Command, ctx: CliContext): void {
  withTaskFlags(program
    .command('clone')
    .description('copy a site to a new uri from a fresh backup (aliases and TLS are not copied); the original is untouched')
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .argument('<uri>', 'the new site, e.g. staging.example.com')
    .option('--platform <alias>', 'the platform of the copy (default the same)')
    .option('--db <alias>', 'the db server of the copy (default the same)'))
    .action(async (site: string, uri: string, opts: LifecycleCommandOptions & { platform?: string; db?: string }) => {
      const { parseAlias } = await import('../../model/index.js');
      const args = {
        uri: uri.replace(/^@/, ''),
        ...(opts.platform === undefined ? {} : { platform: parseAlias('platform', opts.platform) }),
        ...(opts.db === undefined ? {} : { db: parseAlias('db', opts.db) }),
      };
      await runLifecycleCommand(ctx, { verb: 'clone', site, args }, opts);
    });
}
