/**
 * The rules a server must keep in the inventory: the hub's alias means the hub, files=local only
 * on the hub, the services that platforms, clusters and sites use are kept (and not switched to
 * another implementation under them), cluster members share one web server, and its allowed bases
 * still hold the roots of the platforms it serves.
 */
import { ConflictError, ValidationError } from './errors.js';
import { HUB_ALIAS, isLoopbackHost, LOOPBACK_HOSTS } from './hub-server.js';
import { webHeadsOf, type Inventory } from './inventory.js';
import { platformBasesOf, rootBaseProblem } from './platform-paths.js';
import { serverByAlias, checkNoOtherKind } from './rule-helpers.js';
import type { Server } from './server.js';
import { checkAdminNotSiteName } from './site-db-names.js';
import { describeUsers, usersOfServer, type Usage } from './usage.js';

/** `@localhost` is the hub itself; files=local writes on the hub, so only the hub has it. */
export function checkServerIsCoherent(server: Server): void {
  const loopback = LOOPBACK_HOSTS.join(', ');
  if (server.alias === HUB_ALIAS && !isLoopbackHost(server.host)) {
    throw new ValidationError('host', server.host, `is not the hub: ${HUB_ALIAS} always means the hub itself (host one of ${loopback}); give this server another alias`);
  }
  if (server.services.files.impl === 'local' && server.alias !== HUB_ALIAS && !isLoopbackHost(server.host)) {
    throw new ValidationError('files', 'local', `writes on the hub itself, but ${server.host} is not the hub (files=local only for ${HUB_ALIAS} or a host of ${loopback}); use files=rsync`);
  }
}

/** A server must keep serving what uses it: http for platforms and clusters, db for sites. */
export function checkServer(inv: Inventory, server: Server): void {
  checkNoOtherKind(inv, server.alias, 'server');
  checkServerIsCoherent(server);
  const previous = serverByAlias(inv, server.alias);
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
  if (previous === undefined) return;
  checkKeepsImplementation(previous, server, 'http', needHttp);
  checkKeepsImplementation(previous, server, 'db', needDb);
  checkBasesKeepRoots(inv, previous, server);
}

/**
 * A service keeps its implementation while anything depends on it: switching (nginx to Apache,
 * MySQL to PostgreSQL) would start its settings and credentials from scratch under live sites.
 */
function checkKeepsImplementation(previous: Server, server: Server, type: 'http' | 'db', users: readonly Usage[]): void {
  const from = previous.services[type].impl;
  const to = server.services[type].impl;
  if (from === to || users.length === 0) return;
  const move = type === 'db'
    ? `move its sites to another db server first ('aegir migrate @site --db @other')`
    : `move its platforms to another web server first ('aegir migrate @old --to @new'), or take it out of its clusters`;
  throw new ConflictError(`server ${server.alias} cannot switch ${type} from ${from} to ${to}: it is used by ${describeUsers(users)}; ${move}`);
}

/** A change of allowed bases must leave every platform the server serves below one of them. */
function checkBasesKeepRoots(inv: Inventory, previous: Server, server: Server): void {
  const before = platformBasesOf(previous).join(',');
  const after = platformBasesOf(server);
  if (after.join(',') === before) return;
  const changed: Inventory = { ...inv, servers: inv.servers.map((s) => (s.alias === server.alias ? server : s)) };
  for (const platform of inv.platforms.filter((p) => webHeadsOf(inv, p.web).includes(server.alias))) {
    const problem = rootBaseProblem(changed, platform);
    if (problem !== undefined) {
      throw new ConflictError(`server ${server.alias} cannot have http.platformBases=${after.join(',')}: the root ${platform.root} of platform ${platform.alias} ${problem}`);
    }
  }
}
