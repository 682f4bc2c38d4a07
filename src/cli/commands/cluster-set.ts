import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerClusterSet(group: Command, ctx: CliContext): void {
  group
    .command('set')
    .description('change a cluster: servers=@web1,@web2 (or --servers)')
    .argument('<alias>', 'the cluster')
    .argument('[KEY=VALUE...]', 'changes')
    .option('--servers <aliases>', 'the new member list, comma-separated')
    .action(async (alias: string, assignments: string[], opts: { servers?: string }) => {
      const { setCluster } = await import('../../hosting/index.js');
      const changes = [...assignments, ...(opts.servers === undefined ? [] : [`servers=${opts.servers}`])];
      const cluster = await withStore(ctx, (store) => setCluster(store, ctx.actor, alias, changes));
      ctx.io.out(`changed cluster ${cluster.alias}\n`);
    });
}
