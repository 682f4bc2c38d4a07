import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { reportChange, withVerifyFlag, type VerifyFlag } from './entity-change.js';

export function registerClusterAdd(group: Command, ctx: CliContext): void {
  withVerifyFlag(group
    .command('add')
    .description('add a cluster of web servers sharing one http implementation')
    .argument('<alias>', 'the new cluster, e.g. @web')
    .requiredOption('--servers <aliases>', 'member servers, comma-separated: @web1,@web2'))
    .action(async (alias: string, opts: VerifyFlag & { servers: string }) => {
      const { addCluster } = await import('../../hosting/index.js');
      const cluster = await withStore(ctx, (store) => addCluster(store, ctx.actor, { alias, servers: opts.servers }));
      await reportChange(ctx, { verb: 'added', kind: 'cluster', alias: cluster.alias, name: cluster.alias }, opts);
    });
}
