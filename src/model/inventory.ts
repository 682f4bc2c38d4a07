import type { Client } from './client.js';
import type { Cluster } from './cluster.js';
import type { Platform } from './platform.js';
import type { Server } from './server.js';
import type { Site } from './site.js';

/** A snapshot of every entity, the input of the cross-entity rules. */
export interface Inventory {
  readonly servers: readonly Server[];
  readonly clusters: readonly Cluster[];
  readonly platforms: readonly Platform[];
  readonly sites: readonly Site[];
  readonly clients: readonly Client[];
}

export const EMPTY_INVENTORY: Inventory = { servers: [], clusters: [], platforms: [], sites: [], clients: [] };

/** The kinds of entity that share the one alias namespace (sites by `@` + uri). */
export type EntityKind = 'server' | 'cluster' | 'platform' | 'site';

/** What an alias names in the inventory, if anything. */
export function findAlias(inv: Inventory, alias: string): { kind: EntityKind; alias: string } | undefined {
  if (inv.servers.some((s) => s.alias === alias)) return { kind: 'server', alias };
  if (inv.clusters.some((c) => c.alias === alias)) return { kind: 'cluster', alias };
  if (inv.platforms.some((p) => p.alias === alias)) return { kind: 'platform', alias };
  if (inv.sites.some((s) => s.alias === alias)) return { kind: 'site', alias };
  return undefined;
}

/** The server aliases a web target stands for: the members of a cluster, or the server itself. */
export function webHeadsOf(inv: Inventory, web: string): readonly string[] {
  return inv.clusters.find((c) => c.alias === web)?.servers ?? [web];
}
