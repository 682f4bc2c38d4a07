/**
 * Paths of the operating system that Aegir never places code in or removes: a platform root,
 * an allowed base for roots, a config directory or a hub-side source is checked against them.
 */
import { isWithin, pathRelation } from './paths.js';

/** Trees of the operating system and its packages: nothing of a platform may be in or above them. */
export const SYSTEM_TREES = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/lost+found', '/proc', '/root', '/run',
  '/sbin', '/snap', '/sys', '/tmp', '/usr', '/var/backups', '/var/cache', '/var/lib', '/var/local', '/var/lock',
  '/var/log', '/var/mail', '/var/opt', '/var/run', '/var/spool', '/var/tmp',
] as const;

/** Directories shared by many things: a dedicated directory below one may be a root, never the directory itself. */
export const SHARED_DIRS = ['/', '/home', '/mnt', '/media', '/opt', '/srv', '/var', '/var/www', '/var/aegir', '/var/aegir/platforms'] as const;

/** Trees of the hub holding secrets (keys, password hashes, databases, logs): never pushed to a web head. */
export const SECRET_TREES = ['/boot', '/dev', '/etc', '/proc', '/root', '/run', '/sys', '/var/backups', '/var/lib', '/var/log', '/var/mail', '/var/spool'] as const;

/**
 * Why `path` cannot hold a platform (a root, or code Aegir removes), or undefined when it can:
 * a shared directory itself, inside a system tree, or above one.
 */
export function systemPathProblem(path: string): string | undefined {
  if ((SHARED_DIRS as readonly string[]).includes(path)) return `is ${path} itself, a directory shared by many things (use a dedicated directory below it)`;
  return systemTreeProblem(path);
}

/** Why `path` is in, or above, a system tree (`/etc`, `/usr`, `/var/lib`...), or undefined. */
export function systemTreeProblem(path: string): string | undefined {
  return treeProblem(path, SYSTEM_TREES, 'a system directory');
}

/** Why `path` on the hub cannot be pushed to web heads, or undefined: a secret tree, in one, or above one. */
export function secretTreeProblem(path: string): string | undefined {
  return treeProblem(path, SECRET_TREES, 'a directory of the hub holding secrets');
}

function treeProblem(path: string, trees: readonly string[], what: string): string | undefined {
  for (const tree of trees) {
    const relation = pathRelation(path, tree);
    if (relation === 'same') return `is ${tree}, ${what}`;
    if (relation === 'inside') return `is inside ${tree}, ${what}`;
    if (relation === 'contains') return `contains ${tree}, ${what}`;
  }
  return undefined;
}

/** The hub's own home (AEGIR_HOME): its database, secret key, backups and master copies. */
export interface HubPaths {
  /** AEGIR_HOME, absolute. */
  readonly home: string;
}

/**
 * Why `path` would take in the hub's home, or undefined: the home itself, above it, or inside it
 * anywhere but its `platforms/` directory (a classic `/var/aegir` hub keeps platforms there).
 */
export function hubHomeProblem(path: string, hub: HubPaths): string | undefined {
  const home = hub.home.length > 1 ? hub.home.replace(/\/+$/, '') : hub.home;
  const relation = pathRelation(path, home);
  if (relation === 'same') return `is the hub's home ${home} (AEGIR_HOME)`;
  if (relation === 'contains') return `contains the hub's home ${home} (AEGIR_HOME: its database, secret key and backups)`;
  if (relation === 'inside' && !isWithin(path, `${home}/platforms`)) {
    return `is inside the hub's home ${home} (AEGIR_HOME: its database, secret key and backups)`;
  }
  return undefined;
}
