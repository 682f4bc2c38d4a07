import type { Command } from 'commander';
import { setSite } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';

export function registerSiteSet(group: Command, ctx: CliContext): void {
  group
    .command('set')
    .description('change a site: platform, db, aliases (comma-separated), redirect, client, status (empty value = default)')
    .argument('<uri>', 'the site')
    .argument('<KEY=VALUE...>', 'changes')
    .action(async (uri: string, assignments: string[]) => {
      const site = await withStore(ctx, (store) => setSite(store, ctx.actor, uri, assignments));
      ctx.io.out(`changed site ${site.uri}\n`);
    });
}
