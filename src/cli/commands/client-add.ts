import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerClientAdd(group: Command, ctx: CliContext): void {
  group
    .command('add')
    .description('add a client')
    .argument('<name>', 'a-z, then up to 15 of a-z, 0-9 and _')
    .action(async (name: string) => {
      const { addClient } = await import('../../hosting/index.js');
      const client = await withStore(ctx, (store) => addClient(store, ctx.actor, name));
      ctx.io.out(`added client ${client.name}\n`);
    });
}
