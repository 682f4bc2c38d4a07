/**
 * The directories of a fleet on one server, read with a fixed number of processes whatever their
 * number: a shell loop of builtins says which paths are directories, then one `stat` of those.
 * (A per-path `stat` costs a fork each: seconds for a few thousand paths on a loaded server.)
 */
import type { Transport } from '../../transport/transport.js';
import type { ExistingDir } from '../../tasks/verify-fleet.js';

/** Prints `D` or `N` per argument (a real directory or not), then one stat line per directory. */
export const DIR_STATES_SCRIPT = [
  'n=$#',
  'for p in "$@"; do',
  '  if [ -d "$p" ] && [ ! -h "$p" ]; then echo D; set -- "$@" "$p"; else echo N; fi',
  'done',
  'shift "$n"',
  `if [ "$#" -gt 0 ]; then stat -c '%f %U %G %u %g' -- "$@"; fi`,
].join('\n');

/** Characters of paths per command: the remote command line is one argument, at most 128 KiB. */
export const MAX_CHUNK_CHARS = 48_000;

/** The paths that are directories now, with their mode, owner and group (one command per chunk). */
export async function readDirStates(transport: Transport, paths: readonly string[]): Promise<Record<string, ExistingDir>> {
  const found = await Promise.all(chunks(paths).map(async (chunk) => {
    const result = await transport.exec({ argv: ['sh', '-c', DIR_STATES_SCRIPT, 'sh', ...chunk] });
    if (result.exitCode !== 0) throw new Error(`reading directories on ${transport.server} failed: exit ${result.exitCode}`);
    return parseDirStates(chunk, result.stdout);
  }));
  return Object.assign({}, ...found) as Record<string, ExistingDir>;
}

function chunks(paths: readonly string[]): string[][] {
  const all: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const path of paths) {
    if (current.length > 0 && size + path.length + 3 > MAX_CHUNK_CHARS) {
      all.push(current);
      current = [];
      size = 0;
    }
    current.push(path);
    size += path.length + 3;
  }
  if (current.length > 0) all.push(current);
  return all;
}

export function parseDirStates(paths: readonly string[], output: string): Record<string, ExistingDir> {
  const lines = output.split('\n');
  const dirs = paths.filter((_, index) => lines[index] === 'D');
  const found: Record<string, ExistingDir> = {};
  dirs.forEach((path, index) => {
    const fields = (lines[paths.length + index] ?? '').split(' ');
    if (fields.length !== 5) throw new Error(`cannot stat ${path}`);
    const mode = parseInt(fields[0] ?? '', 16);
    if (Number.isNaN(mode) || (mode & 0o170000) !== 0o040000) return;
    const owner = fields[1] === 'UNKNOWN' ? (fields[3] ?? '') : (fields[1] ?? '');
    const group = fields[2] === 'UNKNOWN' ? (fields[4] ?? '') : (fields[2] ?? '');
    found[path] = { mode: mode & 0o7777, owner, group };
  });
  return found;
}
