/**
 * The directories of a fleet on one server, read with a fixed number of processes whatever their
 * number: a shell loop of builtins says which paths are directories, then one `stat` of those.
 * (A per-path `stat` costs a fork each: seconds for a few thousand paths on a loaded server.)
 */
import type { Transport } from '../../transport/transport.js';
import type { ExistingDir } from '../../facts/dirs.js';

/**
 * Prints a letter per argument (`D` a real directory, `E` anything else that exists, a symlink
 * included, `N` nothing there), then one `stat` line per existing path, in order. Builtins only in
 * the loop, and one `stat` for all: linear in the number of paths, a fixed number of processes.
 */
export const DIR_STATES_SCRIPT = [
  'for p in "$@"; do',
  '  if [ -h "$p" ]; then echo E; elif [ -d "$p" ]; then echo D; elif [ -e "$p" ]; then echo E; else echo N; fi',
  'done',
  `stat -c '%f %U %G %u %g' -- "$@" 2>/dev/null || true`,
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
  const letters = lines.slice(0, paths.length);
  if (letters.length !== paths.length || letters.some((letter) => !/^[DEN]$/.test(letter))) throw new Error('unexpected output reading directories');
  const stats = lines.slice(paths.length).filter((line) => line !== '');
  const existing = letters.filter((letter) => letter !== 'N').length;
  // A path that came or went between the checks: read again next time rather than guess.
  if (stats.length !== existing) throw new Error(`paths changed while they were read (${existing} existed, ${stats.length} stat lines)`);
  const found: Record<string, ExistingDir> = {};
  let next = 0;
  paths.forEach((path, index) => {
    const letter = letters[index];
    if (letter === 'N') return;
    const fields = (stats[next++] ?? '').split(' ');
    if (letter !== 'D') return;
    if (fields.length !== 5) throw new Error(`cannot stat ${path}`);
    const mode = parseInt(fields[0] ?? '', 16);
    if (Number.isNaN(mode) || (mode & 0o170000) !== 0o040000) return;
    const owner = fields[1] === 'UNKNOWN' ? (fields[3] ?? '') : (fields[1] ?? '');
    const group = fields[2] === 'UNKNOWN' ? (fields[4] ?? '') : (fields[2] ?? '');
    found[path] = { mode: mode & 0o7777, owner, group };
  });
  return found;
}
