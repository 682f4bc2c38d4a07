import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerClientRemove(group: Command, ctx: CliContext): void {
  group
    .command('remove')
    .description('remove a client that owns no sites')
    .argument('<name>', 'the client')
    .action(async (name: string) => {
      const { removeClient } = await import('../../hosting/index.js');
      const client = await withStore(ctx, (store) => removeClient(store, ctx.actor, name));
      ctx.io.out(`removed client ${client.name}\n`);
    });
}
