import { accept, hasControlCharacter, refuse, type Check } from './check.js';

const PATH_RULE =
  "starts with '/', no '.' or '..' segments, no '//', no NUL or control characters, at most 4096 characters";

/**
 * An absolute, normalised path. A trailing slash is removed (`/srv/www/` -> `/srv/www`);
 * everything else that is not already normal (`..`, `.`, `//`) is refused, not rewritten,
 * so that a path never silently points somewhere other than what was typed.
 */
export function checkAbsolutePath(value: unknown): Check<string> {
  if (typeof value !== 'string') return refuse(`is not an absolute path (${PATH_RULE})`);
  const why = pathProblem(value);
  return why === undefined ? accept(trimTrailingSlash(value)) : refuse(`is not an absolute path: ${why} (${PATH_RULE})`);
}

function pathProblem(path: string): string | undefined {
  if (path.includes('\0')) return 'it contains NUL';
  if (hasControlCharacter(path)) return 'it contains a control character';
  if (!path.startsWith('/')) return 'it is relative';
  if (path.length > 4096) return `it is ${path.length} characters long`;
  if (path.includes('//')) return "it contains '//'";
  const segments = trimTrailingSlash(path).split('/').slice(1);
  if (segments.includes('..')) return "it contains a '..' segment";
  if (segments.includes('.')) return "it contains a '.' segment";
  return undefined;
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Whether `path` is `base` itself or inside it (both absolute and normal). */
export function isWithin(path: string, base: string): boolean {
  return base === '/' || path === base || path.startsWith(`${base}/`);
}

/** Whether `path` is strictly inside `base` (a dedicated directory below it). */
export function isBelow(path: string, base: string): boolean {
  return path !== base && isWithin(path, base);
}

/** How two absolute paths relate: the same, one inside the other, or apart. */
export function pathRelation(path: string, other: string): 'same' | 'inside' | 'contains' | 'apart' {
  if (path === other) return 'same';
  if (isWithin(path, other)) return 'inside';
  if (isWithin(other, path)) return 'contains';
  return 'apart';
}
