import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerClusterRemove(group: Command, ctx: CliContext): void {
  group
    .command('remove')
    .description('remove a cluster no platform uses (its servers stay)')
    .argument('<alias>', 'the cluster')
    .action(async (alias: string) => {
      const { removeCluster } = await import('../../hosting/index.js');
      const cluster = await withStore(ctx, (store) => removeCluster(store, ctx.actor, alias));
      ctx.io.out(`removed cluster ${cluster.alias}\n`);
    });
}
