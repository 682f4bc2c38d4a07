/**
 * What each entity owns on each server, read from the inventory: a platform its root on every web
 * head of its target (and, on the hub, its source); a site its directory on every web head of its
 * platform. A removal never deletes a path another entity owns, even when the inventory got a
 * nested layout without validation (a row written straight into the database).
 */
import { AegirError } from './errors.js';
import { HUB_MACHINE, machineOf } from './hub-server.js';
import { webHeadsOf, type Inventory } from './inventory.js';
import { isBelow, pathRelation } from './paths.js';
import type { Platform } from './platform.js';

/** An entity that owns paths, or asks to remove one. */
export interface PathOwner {
  readonly kind: 'platform' | 'site';
  readonly alias: string;
}

/** One path one entity owns on one server. */
export interface OwnedPath {
  readonly server: string;
  readonly path: string;
  readonly owner: PathOwner;
  /** How the path is owned, for messages: "the root of platform @mw139". */
  readonly what: string;
  /** For a site's directory: the platform it is on. */
  readonly platform?: string;
}

/** A path someone asks to remove, on one server, for one entity. */
export interface PathRemoval {
  readonly server: string;
  readonly path: string;
  readonly owner: PathOwner;
}

/** The directory of a site on its platform: `<root>/sites/<uri>`. */
export function siteDirOf(platform: Pick<Platform, 'root'>, uri: string): string {
  return `${platform.root === '/' ? '' : platform.root}/sites/${uri}`;
}

/**
 * Every path owned on the machine of `server` (servers with its host share its disk), by
 * platforms (roots; sources, when the machine is the hub) and sites (directories).
 */
export function ownedPathsOn(inv: Inventory, server: string): OwnedPath[] {
  const self = inv.servers.find((s) => s.alias === server);
  const machine = self === undefined ? undefined : machineOf(self);
  const onMachine = (alias: string): boolean => {
    if (alias === server) return true;
    const other = inv.servers.find((s) => s.alias === alias);
    return other !== undefined && machine !== undefined && machineOf(other) === machine;
  };
  const owned: OwnedPath[] = [];
  for (const platform of inv.platforms) {
    const owner: PathOwner = { kind: 'platform', alias: platform.alias };
    if (platform.source !== undefined && machine === HUB_MACHINE) {
      owned.push({ server, path: platform.source, owner, what: `the source of platform ${platform.alias} on the hub` });
    }
    const head = webHeadsOf(inv, platform.web).find(onMachine);
    if (head === undefined) continue;
    const where = head === server ? '' : ` on ${head}`;
    owned.push({ server: head, path: platform.root, owner, what: `the root of platform ${platform.alias}${where}` });
    for (const site of inv.sites) {
      if (site.platform !== platform.alias || site.status === 'deleted') continue;
      owned.push({
        server: head, path: siteDirOf(platform, site.uri), owner: { kind: 'site', alias: site.alias },
        what: `the directory of site ${site.alias}${where}`, platform: platform.alias,
      });
    }
  }
  return owned;
}

/**
 * The owned paths a removal would delete part of, or be inside of: empty when it touches no one
 * else's. The most telling first: the same path, then the nearest one it is inside, then those it holds.
 */
export function removalConflicts(inv: Inventory, removal: PathRemoval): OwnedPath[] {
  const own = removal.owner;
  const ownPlatform = own.kind === 'site' ? inv.sites.find((s) => s.alias === own.alias)?.platform : undefined;
  const conflicts = ownedPathsOn(inv, removal.server).filter((owned) => {
    if (owned.owner.kind === own.kind && owned.owner.alias === own.alias) return false;
    // A site's directory is inside its own platform's root (and, on the hub, maybe its source) by design.
    if (owned.owner.kind === 'platform' && owned.owner.alias === ownPlatform && isBelow(removal.path, owned.path)) return false;
    return pathRelation(removal.path, owned.path) !== 'apart';
  });
  const rank = (owned: OwnedPath): number => {
    const relation = pathRelation(removal.path, owned.path);
    return relation === 'same' ? 0 : relation === 'inside' ? 1 + 1 / (owned.path.length + 1) : 2;
  };
  return conflicts.map((owned, index) => ({ owned, index })).sort((a, b) => rank(a.owned) - rank(b.owned) || a.index - b.index).map((entry) => entry.owned);
}

/**
 * Refuses to remove a path that is, contains, or is inside a path another entity owns on the
 * same server (exit 2, code `path_owned`), naming that entity.
 */
export function checkRemovalPath(inv: Inventory, removal: PathRemoval): void {
  const [conflict] = removalConflicts(inv, removal);
  if (conflict === undefined) return;
  const relation = pathRelation(removal.path, conflict.path);
  const how = relation === 'same' ? 'is' : relation === 'contains' ? 'contains' : 'is inside';
  throw new AegirError(
    'path_owned',
    `cannot remove ${removal.path} on ${removal.server} for ${removal.owner.kind} ${removal.owner.alias}: it ${how} ${conflict.what} (${conflict.path}); ` +
      'a removal never deletes what another entity owns: move or remove that entity first',
    { exitCode: 2 },
  );
}
