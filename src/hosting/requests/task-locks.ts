import { findAlias, NotFoundError, webHeadsOf, type Inventory } from '../../model/index.js';
import type { TaskLock } from '../../store/queue/index.js';


const exclusive = (entity: string, server = false): TaskLock => ({ entity, mode: 'exclusive', server });
const shared = (entity: string, server = false): TaskLock => ({ entity, mode: 'shared', server });

/**
 * What a task on `target` locks while it runs, from the inventory at enqueue time: its target
 * exclusively; what it stands on shared (a site: its platform, the platform's web servers and
 * cluster, its db server; a platform: its web servers and cluster). So tasks on two sites of one
 * platform run together, but a platform task waits for its sites' tasks, and a server task for
 * every task on a site or platform it serves (and the other way round).
 */
export function locksFor(inventory: Inventory, target: string): TaskLock[] {
  const found = findAlias(inventory, target);
  if (found === undefined) throw new NotFoundError('entity', target);
  switch (found.kind) {
    case 'server':
      return [exclusive(target, true)];
    case 'cluster':
      return [exclusive(target), ...webHeadsOf(inventory, target).map((s) => exclusive(s, true))];
    case 'platform': {
      const platform = inventory.platforms.find((p) => p.alias === target);
      const web = platform === undefined ? [] : platformLocks(inventory, platform.web);
      return [exclusive(target), ...web];
    }
    case 'site': {
      const site = inventory.sites.find((s) => s.alias === target);
      if (site === undefined) return [exclusive(target)];
      const platform = inventory.platforms.find((p) => p.alias === site.platform);
      return [
        exclusive(target),
        shared(site.platform),
        ...(platform === undefined ? [] : platformLocks(inventory, platform.web)),
        shared(site.db, true),
      ];
    }
  }
}

function platformLocks(inventory: Inventory, web: string): TaskLock[] {
  const servers = webHeadsOf(inventory, web).map((s) => shared(s, true));
  return inventory.clusters.some((c) => c.alias === web) ? [shared(web), ...servers] : servers;
}
