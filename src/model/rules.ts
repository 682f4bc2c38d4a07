import type { Client } from './client.js';
import type { Cluster } from './cluster.js';
import { ConflictError, ValidationError } from './errors.js';
import { findAlias, type EntityKind, type Inventory } from './inventory.js';
import type { Platform } from './platform.js';
import type { Server } from './server.js';
import { checkAdminNotSiteName, checkSiteDbNames } from './site-db-names.js';
import type { Site } from './site.js';
import { didYouMean, withExamples } from './suggest.js';
import { describeUsers, usersOfServer } from './usage.js';

/**
 * Cross-entity rules, pure, over an inventory snapshot. Each `checkX(inv, x)` asks: is the
 * inventory valid with `x` added, or replacing the entity of the same kind and alias? Adding
 * also needs `checkAliasFree` (or the client-name equivalent) first.
 */

/** Refuses an alias already taken by any server, cluster, platform or site. */
export function checkAliasFree(inv: Inventory, alias: string): void {
  const found = findAlias(inv, alias);
  if (found !== undefined) throw new ConflictError(`${alias} is already taken by ${found.kind} ${found.alias}`);
}

/** Refuses a client name that already exists. */
export function checkClientFree(inv: Inventory, client: Client): void {
  if (inv.clients.some((c) => c.name === client.name)) throw new ConflictError(`client ${client.name} already exists`);
}

/** A server must keep serving what uses it: http for platforms and clusters, db for sites. */
export function checkServer(inv: Inventory, server: Server): void {
  checkNoOtherKind(inv, server.alias, 'server');
  const http = server.services.http.impl;
  const users = usersOfServer(inv, server.alias);
  const needHttp = users.filter((u) => u.role !== 'db server');
  if (http === 'null' && needHttp.length > 0) {
    throw new ConflictError(`server ${server.alias} cannot have http=null: it is used by ${describeUsers(needHttp)}`);
  }
  for (const cluster of inv.clusters.filter((c) => c.servers.includes(server.alias))) {
    const other = cluster.servers.map((a) => serverByAlias(inv, a)).find((s) => s !== undefined && s.alias !== server.alias);
    if (other !== undefined && other.services.http.impl !== http) {
      throw new ConflictError(
        `server ${server.alias} cannot have http=${http}: cluster ${cluster.alias} uses http=${other.services.http.impl} (${other.alias}); all members must use the same one`,
      );
    }
  }
  const needDb = users.filter((u) => u.role === 'db server');
  if (server.services.db.impl === 'null' && needDb.length > 0) {
    throw new ConflictError(`server ${server.alias} cannot have db=null: it is used by ${describeUsers(needDb)}`);
  }
  checkAdminNotSiteName(inv, server);
}

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
}

/** The web target is a server with http, or a cluster (of such servers); roots are not shared. */
export function checkPlatform(inv: Inventory, platform: Platform): void {
  checkNoOtherKind(inv, platform.alias, 'platform');
  const cluster = inv.clusters.find((c) => c.alias === platform.web);
  if (cluster === undefined) webServer(inv, 'web', platform.web);
  else checkCluster(inv, cluster);
  const sharing = inv.platforms.find((p) => p.root === platform.root && p.alias !== platform.alias);
  if (sharing !== undefined) throw new ConflictError(`root ${platform.root} is already the root of platform ${sharing.alias}`);
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

function checkNoOtherKind(inv: Inventory, alias: string, kind: EntityKind): void {
  const found = findAlias(inv, alias);
  if (found !== undefined && found.kind !== kind) throw new ConflictError(`${alias} is already taken by ${found.kind} ${found.alias}`);
}

function serverByAlias(inv: Inventory, alias: string): Server | undefined {
  return inv.servers.find((s) => s.alias === alias);
}

function webServer(inv: Inventory, field: string, alias: string): Server {
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
