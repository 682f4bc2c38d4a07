/**
 * Unified diffs of a file's new content against what the hub last placed on the server,
 * in the clean form people know from git: `--- a/path`, `+++ b/path`, hunks, 3 lines of context.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let jsdiff: typeof import('diff') | undefined;

/** The `diff` package, loaded on the first diff: only dry runs show diffs, other commands never load it. */
function loadDiff(): typeof import('diff') {
  jsdiff ??= require('diff') as typeof import('diff');
  return jsdiff;
}

/** What the hub last placed at `path` on `server`, or undefined if it placed nothing there. */
export type PreviousContent = (server: string, path: string) => string | undefined;

export type FileChange = 'new' | 'changed' | 'unchanged';

export function fileChange(previous: string | undefined, content: string): FileChange {
  if (previous === undefined) return 'new';
  return previous === content ? 'unchanged' : 'changed';
}

/**
 * The diff lines (no trailing newlines) turning `previous` into `content`; a new file
 * (`previous` undefined) diffs against `/dev/null` with every line added. Empty when equal.
 */
export function unifiedDiff(path: string, previous: string | undefined, content: string): string[] {
  if (previous === content) return [];
  const relative = path.replace(/^\/+/, '');
  const { formatPatch, OMIT_HEADERS, structuredPatch } = loadDiff();
  const patch = structuredPatch(relative, relative, previous ?? '', content, undefined, undefined, { context: 3 });
  if (patch.hunks.length === 0) return [];
  const hunks = formatPatch(patch, OMIT_HEADERS).split('\n');
  while (hunks.at(-1) === '') hunks.pop();
  return [previous === undefined ? '--- /dev/null' : `--- a/${relative}`, `+++ b/${relative}`, ...hunks];
}
