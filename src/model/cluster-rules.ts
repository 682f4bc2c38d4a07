/**
 * The rules a cluster must keep: its members are servers with http, all of one implementation;
 * and when its members change, the roots of the platforms it serves still hold on every member.
 */
import { ConflictError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import type { Cluster } from './cluster.js';
import { rootPlacementProblem } from './platform-paths.js';
import { checkNoOtherKind, webServer } from './rule-helpers.js';

/** Members must be existing servers with http not null, all with the same http implementation. */
export function checkCluster(inv: Inventory, cluster: Cluster): void {
  checkNoOtherKind(inv, cluster.alias, 'cluster');
  const members = cluster.servers.map((alias) => webServer(inv, 'servers', alias));
  const first = members[0];
  const odd = members.find((m) => m.services.http.impl !== first?.services.http.impl);
  if (first !== undefined && odd !== undefined) {
    throw new ValidationError(
      'servers',
      cluster.servers,
      `mixes http implementations (${first.alias} ${first.services.http.impl}, ${odd.alias} ${odd.services.http.impl}); all members of ${cluster.alias} must use the same one`,
    );
  }
  const previous = inv.clusters.find((c) => c.alias === cluster.alias);
  if (previous !== undefined && previous.servers.join(',') !== cluster.servers.join(',')) checkRootsStay(inv, cluster);
}

/** New members must take the platforms of the cluster: their roots below the members' bases, nested in nothing there. */
function checkRootsStay(inv: Inventory, cluster: Cluster): void {
  const changed: Inventory = { ...inv, clusters: inv.clusters.map((c) => (c.alias === cluster.alias ? cluster : c)) };
  for (const platform of inv.platforms.filter((p) => p.web === cluster.alias)) {
    const problem = rootPlacementProblem(changed, platform);
    if (problem !== undefined) {
      throw new ConflictError(`cluster ${cluster.alias} cannot have servers ${cluster.servers.join(',')}: the root ${platform.root} of platform ${platform.alias} ${problem}`);
    }
  }
}
