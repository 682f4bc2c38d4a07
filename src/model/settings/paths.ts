/**
 * Path settings of the services: sockets, config directories and the bases platform roots may be
 * placed under. Each is a plain path (see `checkPlainPath`), so it goes into configs and command
 * lines as it is, and is refused when set, not when a verify first writes it.
 */
import { z } from 'zod';
import { accept, refuse, schemaOf, type Check } from '../check.js';
import { checkPlainPath } from '../plain-path.js';
import { SHARED_DIRS, SYSTEM_TREES, systemTreeProblem } from '../system-paths.js';

/** A unix socket path has at most 107 bytes (sun_path, with its NUL). */
const SOCKET_MAX = 107;

/** A unix socket: a plain absolute path of at most 107 characters. */
export function checkSocketPath(value: unknown): Check<string> {
  const path = checkPlainPath(value, SOCKET_MAX);
  if (!path.ok) return refuse(path.rule.replace(/^is not /, 'is not a socket path: '));
  return path.value === '/' ? refuse('is not a socket path: it is /') : path;
}

/** A service's config directory (`/etc/nginx`): a plain path, not `/` or a top-level system directory itself. */
export function checkConfigDir(value: unknown): Check<string> {
  const path = checkPlainPath(value);
  if (!path.ok) return path;
  if ([...SHARED_DIRS, ...SYSTEM_TREES].includes(path.value as never)) {
    return refuse(`is ${path.value} itself, not the web server's own config directory (e.g. /etc/nginx)`);
  }
  return path;
}

/** Where platform roots may be when nothing else is set: a root is a dedicated directory below one. */
export const DEFAULT_PLATFORM_BASES: readonly string[] = ['/var/aegir/platforms', '/var/www'];

const BASES_RULE = 'is not a list of bases for platform roots (plain absolute paths, comma-separated or a JSON array; 1 to 16 of them)';

/**
 * The directories a web server's platform roots may be placed under: a list given as an array, a
 * JSON array or one comma-separated string. A base is a plain path, neither `/` nor in or above
 * a system directory (`/etc`, `/usr`, `/var/lib`...).
 */
export function checkPlatformBases(value: unknown): Check<string[]> {
  let items: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      items = text.startsWith('[') ? JSON.parse(text) : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    } catch {
      return refuse(BASES_RULE);
    }
  }
  if (!Array.isArray(items) || items.length === 0 || items.length > 16) return refuse(BASES_RULE);
  const bases: string[] = [];
  for (const item of items) {
    const path = checkPlainPath(item);
    if (!path.ok) return refuse(`lists ${JSON.stringify(item)}, which ${path.rule}`);
    const why = path.value === '/' ? 'is / itself' : systemTreeProblem(path.value);
    if (why !== undefined) return refuse(`lists ${path.value}, which ${why}: platform roots are never placed there`);
    if (!bases.includes(path.value)) bases.push(path.value);
  }
  return accept(bases);
}

export const socketSetting = schemaOf(checkSocketPath);
export const configDirSetting = schemaOf(checkConfigDir);
export const platformBasesSetting = schemaOf(checkPlatformBases).default(() => [...DEFAULT_PLATFORM_BASES]);

export type PlatformBases = z.output<typeof platformBasesSetting>;
