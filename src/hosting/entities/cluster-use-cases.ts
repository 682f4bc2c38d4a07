import { checkAliasFree, checkCluster, checkRemoval, NotFoundError, parseAlias, parseCluster, type Cluster } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { applyAssignments } from './assignments.js';
import { CLUSTER_SETTABLE } from './settable-fields.js';

/** A cluster as typed: `servers` as an array or one comma-separated string. */
export interface ClusterInput {
  readonly alias: string;
  readonly servers: string | readonly string[];
}

/** Adds a cluster of existing web servers that share one http implementation. */
export async function addCluster(store: Store, actor: Actor, input: ClusterInput): Promise<Cluster> {
  checkActor(actor);
  return await store.transaction(async (tx) => {
    const cluster = parseCluster({ alias: input.alias, servers: input.servers });
    const inv = await tx.loadInventory();
    checkAliasFree(inv, cluster.alias);
    checkCluster(inv, cluster);
    await tx.clusters.insert(cluster);
    return cluster;
  });
}

/** Changes a cluster: `servers=@web1,@web2` replaces its members. */
export async function setCluster(store: Store, actor: Actor, alias: string, assignments: readonly string[]): Promise<Cluster> {
  checkActor(actor);
  const key = parseAlias('cluster', alias);
  return await store.transaction(async (tx) => {
    const current = await tx.clusters.get(key);
    if (current === undefined) throw new NotFoundError('cluster', key);
    const cluster = parseCluster(applyAssignments(current, assignments, CLUSTER_SETTABLE, ['alias']));
    checkCluster(await tx.loadInventory(), cluster);
    await tx.clusters.update(cluster);
    return cluster;
  });
}

/** Removes a cluster no platform uses (its servers stay). */
export async function removeCluster(store: Store, actor: Actor, alias: string): Promise<Cluster> {
  checkActor(actor);
  const key = parseAlias('cluster', alias);
  return await store.transaction(async (tx) => {
    const current = await tx.clusters.get(key);
    if (current === undefined) throw new NotFoundError('cluster', key);
    checkRemoval(await tx.loadInventory(), key);
    await tx.clusters.delete(key);
    return current;
  });
}
