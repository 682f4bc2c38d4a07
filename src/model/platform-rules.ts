/**
 * The rules a platform must keep in the inventory: its web target serves http; its root is no
 * other platform's; and when its root, web target or source is new or changes, they are where a
 * platform may be (see platform-paths.ts). Root, app kind, web target and source do not change
 * under installed sites: sites move with `aegir migrate`.
 */
import { ConflictError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import { checkPlatformRoot, checkPlatformSource, hubPathProblem, rootPlacementProblem } from './platform-paths.js';
import type { Platform } from './platform.js';
import { checkNoOtherKind, isInstalled, listAliases, webServer } from './rule-helpers.js';
import type { HubPaths } from './system-paths.js';
import { checkCluster } from './cluster-rules.js';

/** What a platform's sites are built on: changed only by moving the sites to another platform. */
const BUILT_ON = ['root', 'app', 'web', 'source'] as const;

/**
 * The web target is a server with http, or a cluster (of such servers); roots are not shared;
 * a new or moved root or source is checked against the system, the hub's home and the inventory.
 */
export function checkPlatform(inv: Inventory, platform: Platform, hub: HubPaths): void {
  checkNoOtherKind(inv, platform.alias, 'platform');
  const previous = inv.platforms.find((p) => p.alias === platform.alias);
  if (previous !== undefined) checkSitesStay(inv, previous, platform);
  const cluster = inv.clusters.find((c) => c.alias === platform.web);
  if (cluster === undefined) webServer(inv, 'web', platform.web);
  else checkCluster(inv, cluster);
  const sharing = inv.platforms.find((p) => p.root === platform.root && p.alias !== platform.alias);
  if (sharing !== undefined) throw new ConflictError(`root ${platform.root} is already the root of platform ${sharing.alias}`);
  const moved = previous === undefined || previous.root !== platform.root || previous.web !== platform.web || previous.source !== platform.source;
  if (moved) checkPlacement(inv, platform, hub);
}

function checkPlacement(inv: Inventory, platform: Platform, hub: HubPaths): void {
  const root = checkPlatformRoot(platform.root);
  if (!root.ok) throw new ValidationError('root', platform.root, root.rule);
  if (platform.source !== undefined) {
    const source = checkPlatformSource(platform.source);
    if (!source.ok) throw new ValidationError('source', platform.source, source.rule);
  }
  const home = hubPathProblem(platform, hub);
  if (home !== undefined) throw new ValidationError(home.field, platform[home.field], home.rule);
  const placed = rootPlacementProblem(inv, platform);
  if (placed !== undefined) throw new ValidationError('root', platform.root, placed);
}

/** Refuses to change what installed sites are built on, naming the migrate commands that move them. */
function checkSitesStay(inv: Inventory, previous: Platform, platform: Platform): void {
  const changed = BUILT_ON.filter((field) => previous[field] !== platform[field]);
  const sites = inv.sites.filter((s) => s.platform === platform.alias && isInstalled(s)).map((s) => s.alias);
  const [field] = changed;
  const [site] = sites;
  if (field === undefined || site === undefined) return;
  throw new ConflictError(
    `platform ${platform.alias} cannot change its ${changed.join(', ')} while sites are installed on it (${listAliases(sites)}): ` +
      `add a platform with the new ${field} and move the sites there with 'aegir migrate ${platform.alias} --to @new' ` +
      `(or one site: 'aegir migrate ${site} --platform @new')`,
  );
}
