import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerServerRemove(group: Command, ctx: CliContext): void {
  group
    .command('remove')
    .description('remove a server that no platform, cluster or site uses')
    .argument('<alias>', 'the server, e.g. @web1')
    .action(async (alias: string) => {
      const { removeServer } = await import('../../hosting/index.js');
      const server = await withStore(ctx, (store) => removeServer(store, ctx.actor, alias));
      ctx.io.out(`removed server ${server.alias}\n`);
    });
}
