import type { Client } from './client.js';
import { ConflictError, ValidationError } from './errors.js';
import { findAlias, type Inventory } from './inventory.js';
import { checkNoOtherKind, serverByAlias } from './rule-helpers.js';
import { checkSiteDbNames } from './site-db-names.js';
import type { Site } from './site.js';
import { didYouMean, withExamples } from './suggest.js';

/**
 * Cross-entity rules, pure, over an inventory snapshot. Each `checkX(inv, x)` asks: is the
 * inventory valid with `x` added, or replacing the entity of the same kind and alias (the one in
 * `inv` is the entity as it was)? Adding also needs `checkAliasFree` (or the client-name
 * equivalent) first.
 */
export { checkCluster } from './cluster-rules.js';
export { checkPlatform } from './platform-rules.js';
export { checkServer, checkServerIsCoherent } from './server-rules.js';

/** Refuses an alias already taken by any server, cluster, platform or site. */
export function checkAliasFree(inv: Inventory, alias: string): void {
  const found = findAlias(inv, alias);
  if (found !== undefined) throw new ConflictError(`${alias} is already taken by ${found.kind} ${found.alias}`);
}

/** Refuses a client name that already exists. */
export function checkClientFree(inv: Inventory, client: Client): void {
  if (inv.clients.some((c) => c.name === client.name)) throw new ConflictError(`client ${client.name} already exists`);
}

/**
 * Platform and client exist, the db server has db, no other site has the uri or an alias, and the
 * site's database and account names are its own (see site-db-names.ts).
 */
export function checkSite(inv: Inventory, site: Site): void {
  checkNoOtherKind(inv, site.alias, 'site');
  const platform = inv.platforms.find((p) => p.alias === site.platform);
  if (platform === undefined) {
    throw new ValidationError('platform', site.platform,
      didYouMean('is not a platform', 'a platform', inv.platforms.map((p) => p.alias), "there are no platforms yet: add one with 'aegir platform add'"));
  }
  const already = inv.sites.some((s) => s.alias === site.alias && s.platform === site.platform);
  if (platform.locked && !already) {
    throw new ConflictError(`platform ${platform.alias} is locked: no new sites on it (aegir unlock ${platform.alias} first)`);
  }
  const db = serverByAlias(inv, site.db);
  const dbServers = inv.servers.filter((s) => s.services.db.impl !== 'null').map((s) => s.alias);
  const noDbServer = "no server has a database yet: 'aegir server add @db1 --host HOST --db mysql'";
  if (db === undefined) throw new ValidationError('db', site.db, didYouMean('is not a server', 'a db server', dbServers, noDbServer));
  if (db.services.db.impl === 'null') {
    throw new ValidationError('db', site.db, withExamples('has no database service (db=null); choose a server with db=mysql or db=postgres', dbServers));
  }
  if (site.client !== undefined && !inv.clients.some((c) => c.name === site.client)) {
    throw new ValidationError('client', site.client, `is not a client (add it with 'aegir client add ${site.client}')`);
  }
  for (const name of [site.uri, ...site.aliases]) {
    const other = inv.sites.find((s) => s.alias !== site.alias && (s.uri === name || s.aliases.includes(name)));
    if (other !== undefined) {
      const how = other.uri === name ? 'the uri' : 'an alias';
      throw new ConflictError(`${name} is already ${how} of site ${other.uri}; uris and aliases are unique across sites`);
    }
  }
  checkSiteDbNames(inv, site);
}
