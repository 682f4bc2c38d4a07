import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerClusterAdd(group: Command, ctx: CliContext): void {
  group
    .command('add')
    .description('add a cluster of web servers sharing one http implementation')
    .argument('<alias>', 'the new cluster, e.g. @web')
    .requiredOption('--servers <aliases>', 'member servers, comma-separated: @web1,@web2')
    .action(async (alias: string, opts: { servers: string }) => {
      const { addCluster } = await import('../../hosting/index.js');
      const cluster = await withStore(ctx, (store) => addCluster(store, ctx.actor, { alias, servers: opts.servers }));
      ctx.io.out(`added cluster ${cluster.alias}\n`);
    });
}
