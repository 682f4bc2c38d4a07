import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { collect } from './collect.js';

export function registerSiteAdd(group: Command, ctx: CliContext): void {
  group
    .command('add')
    .description('add a site record (installing it is a task)')
    .argument('<uri>', 'the site, e.g. wiki.example.com')
    .requiredOption('--platform <alias>', 'the platform it runs on')
    .requiredOption('--db <alias>', 'the server that holds its database')
    .option('--alias <name>', 'another name for the site, repeatable or comma-separated', collect, [])
    .option('--redirect', 'aliases redirect to the uri')
    .option('--client <name>', 'the client that owns it')
    .action(async (uri: string, opts: { platform: string; db: string; alias: string[]; redirect?: boolean; client?: string }) => {
      const { addSite } = await import('../../hosting/index.js');
      const site = await withStore(ctx, (store) =>
        addSite(store, ctx.actor, {
          uri,
          platform: opts.platform,
          db: opts.db,
          aliases: opts.alias.join(','),
          redirect: opts.redirect ?? false,
          client: opts.client,
        }),
      );
      ctx.io.out(`added site ${site.uri}\n`);
    });
}
