/**
 * Scratch and trash directories on a server (and on the hub): always made fresh, with a name no
 * one can guess (a token from the CSPRNG, passed in as a fact), inside a directory only Aegir's
 * user may write (`/var/lib/aegir/scratch`, `/var/lib/aegir/trash` on servers). An existing path
 * is never accepted, and the parents are checked to be real directories of that user that nobody
 * else can write, so that no other account of the server (a site's PHP code) can plant a file or
 * a symlink where Aegir will write as root. Pure builders.
 */
import type { ExecAction } from './action.js';
import { exec } from './build-command-actions.js';

/** Where Aegir keeps its own scratch and trash on every server. */
export const SERVER_WORK_DIR = '/var/lib/aegir';

export type WorkArea = 'scratch' | 'trash';

/**
 * `sh -c FRESH_DIR_SCRIPT sh BASE AREA NAME`: makes `BASE/AREA` (0700) if missing, checks that
 * BASE and BASE/AREA are real directories owned by the running user and writable by it alone,
 * then makes `BASE/AREA/NAME` (0700), failing when it exists already.
 */
export const FRESH_DIR_SCRIPT = [
  'set -eu',
  'umask 077',
  'base=$1 area=$1/$2 name=$3',
  'mkdir -p -- "$area"',
  'me=$(id -u)',
  'for dir in "$base" "$area"; do',
  '  if [ -h "$dir" ] || [ ! -d "$dir" ]; then echo "aegir: $dir is not a directory" >&2; exit 3; fi',
  '  if [ "$(stat -c %u -- "$dir")" != "$me" ] || [ -n "$(find "$dir" -maxdepth 0 -perm /022)" ]; then',
  '    echo "aegir: $dir must be a directory of uid $me that no one else can write" >&2; exit 3',
  '  fi',
  'done',
  'chmod 0700 -- "$area"',
  'mkdir -m 0700 -- "$area/$name"',
].join('\n');

/**
 * `sh -c NO_CLOBBER_SCRIPT sh FILE ARGV...`: runs ARGV with its standard output written to FILE,
 * which the shell creates exclusively (noclobber: an existing file or symlink is refused, never
 * followed). Standard input passes through untouched.
 */
export const NO_CLOBBER_SCRIPT = 'set -C; out=$1; shift; exec "$@" > "$out"';

export function workPath(base: string, area: WorkArea, name: string): string {
  return `${base}/${area}/${name}`;
}

/** The path of a fresh scratch directory on a server. */
export function serverScratch(token: string, tag: string): string {
  return workPath(SERVER_WORK_DIR, 'scratch', `${tag}-${token}`);
}

export interface FreshDirOptions {
  readonly id: string;
  readonly server: string;
  /** The directory it goes in (SERVER_WORK_DIR on servers; the hub's backups directory on the hub). */
  readonly base: string;
  readonly area: WorkArea | 'staging';
  /** `<tag>-<token>`: the token unguessable. */
  readonly name: string;
  readonly after?: readonly string[];
}

/** Makes the fresh directory; undone (and cleaned up on failure) by removing it with all it holds. */
export function freshDir(options: FreshDirOptions): ExecAction {
  const path = `${options.base}/${options.area}/${options.name}`;
  return exec({
    id: options.id, server: options.server, after: options.after ?? [], timeoutMs: 60_000,
    argv: ['sh', '-c', FRESH_DIR_SCRIPT, 'sh', options.base, options.area, options.name],
    description: `make the fresh directory ${path} (0700)`,
    undo: { kind: 'exec', argv: ['rm', '-rf', '--', path] },
  });
}

/** Removes a scratch directory once its work is done (its undo would have removed it anyway). */
export function removeScratch(options: { readonly id: string; readonly server: string; readonly path: string; readonly after: readonly string[] }): ExecAction {
  return exec({
    id: options.id, server: options.server, after: options.after, timeoutMs: 10 * 60_000,
    argv: ['rm', '-rf', '--', options.path],
    description: `remove the scratch directory ${options.path}`,
    undo: { kind: 'none', reason: 'a scratch directory holds nothing to put back' },
  });
}
