/** Lookups the cross-entity rules share. */
import { ConflictError, ValidationError } from './errors.js';
import { findAlias, type EntityKind, type Inventory } from './inventory.js';
import type { Server } from './server.js';
import type { Site } from './site.js';
import { didYouMean, withExamples } from './suggest.js';

/** Refuses an alias that another kind of entity already has. */
export function checkNoOtherKind(inv: Inventory, alias: string, kind: EntityKind): void {
  const found = findAlias(inv, alias);
  if (found !== undefined && found.kind !== kind) throw new ConflictError(`${alias} is already taken by ${found.kind} ${found.alias}`);
}

export function serverByAlias(inv: Inventory, alias: string): Server | undefined {
  return inv.servers.find((s) => s.alias === alias);
}

/** A server with a web service, or a refusal naming `field` (and the servers that would do). */
export function webServer(inv: Inventory, field: string, alias: string): Server {
  const server = serverByAlias(inv, alias);
  const webServers = inv.servers.filter((s) => s.services.http.impl !== 'null').map((s) => s.alias);
  const targets = field === 'web' ? [...webServers, ...inv.clusters.map((c) => c.alias)] : webServers;
  const what = field === 'web' ? 'a web server or cluster' : 'a web server';
  const noWebServer = "no server has a web service yet: 'aegir server add @web1 --host HOST --http nginx'";
  if (server === undefined) {
    const isCluster = inv.clusters.some((c) => c.alias === alias);
    if (isCluster && field === 'servers') throw new ValidationError(field, alias, 'is a cluster, not a server (clusters do not nest)');
    throw new ValidationError(field, alias, didYouMean(field === 'web' ? 'is not a server or cluster' : 'is not a server', what, targets, noWebServer));
  }
  if (server.services.http.impl === 'null') {
    throw new ValidationError(field, alias, withExamples('has no web service (http=null); choose a server with http=nginx or http=apache', targets));
  }
  return server;
}

/** A site whose database, directory and vhost exist on the servers. */
export function isInstalled(site: Pick<Site, 'status'>): boolean {
  return site.status === 'enabled' || site.status === 'disabled';
}

/** `@a, @b and 3 more`: a short list of aliases for a message. */
export function listAliases(aliases: readonly string[], max = 5): string {
  if (aliases.length <= max) return aliases.join(', ');
  return `${aliases.slice(0, max).join(', ')} and ${aliases.length - max} more`;
}
