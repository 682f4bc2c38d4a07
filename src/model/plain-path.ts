import { accept, refuse, type Check } from './check.js';
import { checkAbsolutePath } from './paths.js';

/** Longest plain path accepted by default: below PATH_MAX, and short enough for every config and command line. */
export const PLAIN_PATH_MAX = 255;

const SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9._+@-]*$/;

function plainRule(max: number): string {
  return `a plain absolute path: names of letters, digits and '.', '_', '+', '@', '-', none starting with '-' or made of dots only, at most ${max} characters`;
}

/**
 * An absolute path that every target (nginx and Apache configs, rsync and ssh arguments, shell
 * scripts with positional data) takes as it is: no spaces, quotes, `$`, `;`, `{}`, `*`, `\`, `%`
 * or `:`, no option-like names (`-x`) or names of dots only (`...`). A trailing slash is removed.
 */
export function checkPlainPath(value: unknown, max = PLAIN_PATH_MAX): Check<string> {
  const absolute = checkAbsolutePath(value);
  if (!absolute.ok) return absolute;
  const path = absolute.value;
  if (path.length > max) return refuse(`is not ${plainRule(max)} (it is ${path.length} characters long)`);
  for (const segment of path.split('/').slice(1)) {
    if (segment === '') continue;
    if (!SEGMENT.test(segment) || /^\.+$/.test(segment)) {
      const bad = /^\.+$/.test(segment) ? 'is made of dots only' : segment.startsWith('-') ? "starts with '-'" : `contains ${JSON.stringify(/[^A-Za-z0-9._+@-]/.exec(segment)?.[0] ?? '')}`;
      return refuse(`is not ${plainRule(max)} (name "${segment.length > 40 ? `${segment.slice(0, 37)}...` : segment}" ${bad})`);
    }
  }
  return accept(path);
}
