import type { Command } from 'commander';
import { CLUSTER_SETTABLE } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { reportChange, withVerifyFlag, type VerifyFlag } from './entity-change.js';

export function registerClusterSet(group: Command, ctx: CliContext): void {
  withVerifyFlag(group
    .command('set')
    .description(`change a cluster: ${CLUSTER_SETTABLE.join(', ')} (servers=@web1,@web2, or --servers as on add); then verify it`)
    .argument('<alias>', 'the cluster')
    .argument('[KEY=VALUE...]', 'changes')
    .option('--servers <aliases>', 'the new member list, comma-separated'))
    .action(async (alias: string, assignments: string[], opts: VerifyFlag & { servers?: string }) => {
      const { setCluster } = await import('../../hosting/index.js');
      const changes = [...assignments, ...(opts.servers === undefined ? [] : [`servers=${opts.servers}`])];
      const cluster = await withStore(ctx, (store) => setCluster(store, ctx.actor, alias, changes));
      await reportChange(ctx, { verb: 'changed', kind: 'cluster', alias: cluster.alias, name: cluster.alias }, opts);
    });
}
