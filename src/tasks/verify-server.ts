import { createHash } from 'node:crypto';
import { serverByAlias, webHeadsOf, type Inventory, type Server } from '../model/index.js';
import { configTest, createPlan, ensureDir, type Action, type Plan } from '../plan/index.js';
import { dbService } from '../services/db/index.js';
import { bindHttpService, type ServedSite } from '../services/http/index.js';
import type { PlanInput } from './types.js';

/**
 * Facts `verify @server` needs. `nonce` (1 to 20 lowercase letters and digits, random, made by
 * the hub before planning) names the db service's test database `aegir_verify_<nonce>`.
 */
export interface VerifyServerFacts {
  readonly nonce: string;
}

/** Directories Aegir pushes into get this mode: the web server must be able to traverse them. */
const PLATFORM_PARENT_MODE = 0o755;

/**
 * `verify @server`: converge the server-level configuration of each of its services.
 * - files.rsync: the directories the hub pushes platform code into exist: the parent of the root of
 *   each platform with a source on the hub that this server serves, directly or through a cluster
 *   (the push creates the root itself, and keeps its undo backup beside it, in that parent).
 * - http: the web group exists on the server (its name was checked when it was set), then the
 *   web server's Aegir config (dirs, default vhost, include of the vhost directory) for the sites it
 *   serves, tested before one reload.
 * - db: the admin account connects, creates a test database, grants and revokes, drops it;
 *   PostgreSQL: then takes PUBLIC's privileges off `postgres` and `template1`, so site roles
 *   get into no database but their own (the admin keeps CONNECT).
 * The services' actions do not depend on each other.
 */
export function planVerifyServer(input: PlanInput<VerifyServerFacts>): Plan {
  const server = serverOf(input.inventory, input.target);
  const group = webGroupCheck(server);
  const actions: Action[] = [
    ...filesActions(input.inventory, server),
    ...group,
    ...bindHttpService(server.services.http).serverPlanActions({
      server: server.alias, address: server.host, sites: servedSites(input.inventory, server), after: group.map((action) => action.id),
    }),
    ...dbService(server.services.db.impl).verifyServer({ server, nonce: input.facts.nonce }),
  ];
  return createPlan(`verify ${server.alias}`, actions);
}

/** The names of every site this server serves, directly or through a cluster: its server-level web config is sized by them. */
function servedSites(inventory: Inventory, server: Server): ServedSite[] {
  const platforms = new Set(inventory.platforms.filter((p) => webHeadsOf(inventory, p.web).includes(server.alias)).map((p) => p.alias));
  return inventory.sites.filter((site) => site.status !== 'deleted' && platforms.has(site.platform)).map((site) => ({ uri: site.uri, aliases: site.aliases }));
}

/** The server `alias` names (a clear refusal when none does). */
export const serverOf = serverByAlias;

/** A constant script: the group is its positional argument, never part of the script. */
const GROUP_EXISTS_SCRIPT =
  'getent group "$1" >/dev/null || { echo "the web group $1 does not exist on this server: create it, or set http.web-group to the group PHP runs as" >&2; exit 1; }';

/** http: a check (changing nothing) that the web group settings and uploads will belong to exists. */
function webGroupCheck(server: Server): Action[] {
  if (server.services.http.impl === 'null') return [];
  const group = server.services.http.settings.webGroup;
  return [configTest({
    id: `http:${server.alias}:web-group`, server: server.alias, argv: ['sh', '-c', GROUP_EXISTS_SCRIPT, 'sh', group],
    description: `check that the web group ${group} exists on ${server.alias}`,
  })];
}

/** files.rsync: one ensureDir per distinct parent of the pushed platform roots this server serves. */
function filesActions(inventory: Inventory, server: Server): Action[] {
  if (server.services.files.impl !== 'rsync') return [];
  const parents = new Set<string>();
  for (const platform of inventory.platforms) {
    if (platform.source === undefined || !webHeadsOf(inventory, platform.web).includes(server.alias)) continue;
    const parent = platform.root.slice(0, platform.root.lastIndexOf('/'));
    if (parent !== '') parents.add(parent);
  }
  return [...parents].sort().map((path) =>
    ensureDir({ id: `files:${server.alias}:dir:${idPart(path)}`, server: server.alias, path, mode: PLATFORM_PARENT_MODE }),
  );
}


/** A path as part of an action id (no spaces, bounded length): itself when it can be, else a digest. */
function idPart(path: string): string {
  if (/^\S{1,120}$/.test(path)) return path;
  return `~${createHash('sha256').update(path).digest('hex').slice(0, 16)}`;
}

