import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerSiteRemove(group: Command, ctx: CliContext): void {
  group
    .command('remove')
    .description('remove a site record')
    .argument('<uri>', 'the site')
    .action(async (uri: string) => {
      const { removeSite } = await import('../../hosting/index.js');
      const site = await withStore(ctx, (store) => removeSite(store, ctx.actor, uri));
      ctx.io.out(`removed site ${site.uri}\n`);
    });
}
