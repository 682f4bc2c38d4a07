/**
 * Where a platform may be: its root is a dedicated, plain directory below an allowed base of every
 * web head that serves it (a setting of the web server, `http.platformBases`), never a system
 * path or the hub's home, and neither inside nor above another platform's root on the same machine;
 * its source on the hub is never `/`, a tree of the hub holding secrets, or the hub's home.
 */
import { DEFAULT_PLATFORM_BASES } from './settings/paths.js';
import { accept, refuse, type Check } from './check.js';
import { machineOf } from './hub-server.js';
import { webHeadsOf, type Inventory } from './inventory.js';
import { siteDirOf } from './owned-paths.js';
import { isBelow, pathRelation } from './paths.js';
import { checkPlainPath } from './plain-path.js';
import type { Platform } from './platform.js';
import type { Server } from './server.js';
import { hubHomeProblem, secretTreeProblem, systemPathProblem, type HubPaths } from './system-paths.js';

/** A platform root on its own: a plain path, not a system path. */
export function checkPlatformRoot(value: unknown): Check<string> {
  const path = checkPlainPath(value);
  if (!path.ok) return path;
  const why = systemPathProblem(path.value);
  return why === undefined ? path : refuse(`is not a platform root: it ${why}`);
}

/** A source on the hub: a plain path that is not `/` and takes in no tree of the hub holding secrets. */
export function checkPlatformSource(value: unknown): Check<string> {
  const path = checkPlainPath(value, 1024);
  if (!path.ok) return path;
  if (path.value === '/') return refuse('is not a source: it is / (the whole hub would be pushed to the web heads)');
  const why = secretTreeProblem(path.value) ?? homeDirProblem(path.value);
  return why === undefined ? accept(path.value) : refuse(`is not a source: it ${why}, which would be pushed to the web heads`);
}

/** `/home` and a user's home directory in it hold keys and shell history: a build directory below one is fine. */
function homeDirProblem(path: string): string | undefined {
  if (path === '/home') return 'is /home, the home directories of all users (their keys and history)';
  return path.lastIndexOf('/') === '/home'.length && path.startsWith('/home/') ? `is ${path}, a user's home directory (its keys and history)` : undefined;
}

/** The bases platform roots on a server may be below; none when it serves no web. */
export function platformBasesOf(server: Server): readonly string[] {
  if (server.services.http.impl === 'null') return [];
  // Servers stored before the setting existed have none: the defaults apply.
  return (server.services.http.settings.platformBases as readonly string[] | undefined) ?? DEFAULT_PLATFORM_BASES;
}

/** Why the root and source of a platform take in the hub's home, or undefined. */
export function hubPathProblem(platform: Pick<Platform, 'root' | 'source'>, hub: HubPaths): { field: 'root' | 'source'; rule: string } | undefined {
  const root = hubHomeProblem(platform.root, hub);
  if (root !== undefined) return { field: 'root', rule: `is not a platform root: it ${root}` };
  const source = platform.source === undefined ? undefined : hubHomeProblem(platform.source, hub);
  return source === undefined ? undefined : { field: 'source', rule: `is not a source: it ${source}, which would be pushed to the web heads` };
}

/**
 * Why the root of `platform` cannot be where it is in `inv`, or undefined: not below an allowed
 * base of each of its web heads, or inside or above the root (or a site's directory) of another
 * platform served from the same machine.
 */
export function rootPlacementProblem(inv: Inventory, platform: Pick<Platform, 'alias' | 'root' | 'web'>): string | undefined {
  return rootBaseProblem(inv, platform) ?? rootNestingProblem(inv, platform);
}

function headsOf(inv: Inventory, web: string): Server[] {
  return webHeadsOf(inv, web).flatMap((alias) => inv.servers.filter((s) => s.alias === alias));
}

/** Why the root is not below an allowed base of each of its web heads, or undefined. */
export function rootBaseProblem(inv: Inventory, platform: Pick<Platform, 'root' | 'web'>): string | undefined {
  for (const head of headsOf(inv, platform.web)) {
    const bases = platformBasesOf(head);
    if (!bases.some((base) => isBelow(platform.root, base))) {
      const parent = platform.root.slice(0, platform.root.lastIndexOf('/'));
      const hint = parent === '' ? '' : ` (or allow its parent: aegir server set ${head.alias} http.platform-bases=${[...bases, parent].join(',')})`;
      return `is not below an allowed base of ${head.alias} (${bases.join(', ')}): a platform root is a dedicated directory below one of them${hint}`;
    }
  }
  return undefined;
}

/** Why the root is inside or above another platform's root (or a site's directory) on one of its machines, or undefined. */
export function rootNestingProblem(inv: Inventory, platform: Pick<Platform, 'alias' | 'root' | 'web'>): string | undefined {
  const machines = new Set(headsOf(inv, platform.web).map(machineOf));
  for (const other of inv.platforms) {
    if (other.alias === platform.alias || other.root === platform.root) continue;
    const shared = headsOf(inv, other.web).find((s) => machines.has(machineOf(s)));
    if (shared === undefined) continue;
    const relation = pathRelation(platform.root, other.root);
    if (relation === 'apart') continue;
    if (relation === 'contains') return `contains the root of platform ${other.alias} (${other.root}) on ${shared.alias}: platforms on one machine never nest (deleting one would remove the other)`;
    const site = inv.sites.find((s) => s.platform === other.alias && s.status !== 'deleted' && ['same', 'inside'].includes(pathRelation(platform.root, siteDirOf(other, s.uri))));
    if (site !== undefined) return `is inside the directory of site ${site.alias} of platform ${other.alias} on ${shared.alias}: a platform is never placed in a site`;
    return `is inside the root of platform ${other.alias} (${other.root}) on ${shared.alias}: platforms on one machine never nest (deleting one would remove the other)`;
  }
  return undefined;
}
