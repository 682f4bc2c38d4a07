import { buildTar, type TarMember } from './tar-stream.js';
import { shellQuote } from './shell-quote.js';
import type { PathState } from './transport.js';

/**
 * A fixed number of processes however many paths it gets: a loop of shell builtins classifies each
 * path argument, then ONE `stat` covers every existing path and ONE `cat | base64` every regular
 * file. Output: a line with one letter per path in order (`M` missing, `F` regular file, `E` any
 * other existing path, a symlink included), one `<raw mode hex> <owner> <group> <uid> <gid> <size>`
 * line per existing path, then one line with the base64 of the files' contents concatenated.
 * `eval` only ever sees positional references like `"${12}"`, never a path. Only coreutils run.
 */
export const INSPECT_SCRIPT = [
  "c='' e='' f='' i=0",
  'for p in "$@"; do',
  '  i=$((i + 1))',
  '  if [ -h "$p" ]; then c="${c}E" e="$e \\"\\${$i}\\""',
  '  elif [ -f "$p" ]; then c="${c}F" e="$e \\"\\${$i}\\"" f="$f \\"\\${$i}\\""',
  '  elif [ -e "$p" ]; then c="${c}E" e="$e \\"\\${$i}\\""',
  '  else c="${c}M"',
  '  fi',
  'done',
  `printf '%s\\n' "$c"`,
  `if [ -n "$e" ]; then eval "stat -c '%f %U %G %u %g %s' -- $e" || exit 1; fi`,
  'if [ -n "$f" ]; then eval "cat -- $f" | base64 -w 0 || exit 1; fi',
  'echo',
].join('\n');

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Parse INSPECT_SCRIPT output for `paths` (the arguments it ran with, in order). Throws, naming the
 * path, when the output is not as expected: a path that changed kind between the checks, or file
 * contents whose length disagrees with the sizes `stat` reported.
 */
export function parseInspectOutput(paths: readonly string[], output: string): Map<string, PathState> {
  const lines = output.split('\n');
  const classes = lines[0] ?? '';
  if (classes.length !== paths.length || !/^[MEF]*$/.test(classes)) throw new Error(`unexpected output for ${paths.length} paths`);
  const existing = [...classes].filter((letter) => letter !== 'M').length;
  const content = lines[existing + 1];
  if (content === undefined || !BASE64.test(content) || lines.length !== existing + 3 || lines[existing + 2] !== '') {
    throw new Error('unexpected output: missing or malformed content line');
  }
  const data = Buffer.from(content, 'base64');
  const states = new Map<string, PathState>();
  let statLine = 1;
  let offset = 0;
  paths.forEach((path, index) => {
    const letter = classes[index];
    if (letter === 'M') {
      states.set(path, { type: 'missing' });
      return;
    }
    const fields = (lines[statLine++] ?? '').split(' ');
    const raw = parseInt(fields[0] ?? '', 16);
    const size = Number(fields[5]);
    if (fields.length !== 6 || !/^[0-9a-f]+$/.test(fields[0] ?? '') || !/^\d+$/.test(fields[5] ?? '')) throw new Error(`cannot stat ${path}`);
    const owner = fields[1] === 'UNKNOWN' ? (fields[3] ?? '') : (fields[1] ?? '');
    const group = fields[2] === 'UNKNOWN' ? (fields[4] ?? '') : (fields[2] ?? '');
    const mode = raw & 0o7777;
    const kind = raw & 0o170000;
    if ((kind === 0o100000) !== (letter === 'F')) throw new Error(`${path} changed while it was inspected`);
    if (kind === 0o040000) states.set(path, { type: 'dir', mode, owner, group });
    else if (kind === 0o100000) {
      if (offset + size > data.length) throw new Error(`cannot read ${path}: content shorter than its size`);
      states.set(path, { type: 'file', mode, owner, group, content: Buffer.from(data.subarray(offset, offset + size)) });
      offset += size;
    } else states.set(path, { type: 'other', mode, owner, group });
  });
  if (offset !== data.length) throw new Error(`file contents are ${data.length} bytes, their sizes add up to ${offset}`);
  return states;
}

/** Budget of quoted path bytes per inspect call: far below the 128 KiB a single argument may hold. */
export const INSPECT_CHUNK_BYTES = 64 * 1024;

/**
 * Split paths, in order, into chunks whose quoted length (as `shellQuote` sends them, plus a
 * space each) stays within `maxBytes`; a single longer path gets a chunk of its own.
 */
export function chunkPaths(paths: readonly string[], maxBytes = INSPECT_CHUNK_BYTES): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    const size = Buffer.byteLength(shellQuote(path), 'utf8') + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(path);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * No arguments; stdin: a tar archive with `groups` (a line per group of files that share a mode
 * and an owner: `<g> TAB <octal mode> TAB <chown spec or ''>`), `manifest` (a line per file:
 * `<g> TAB <i> TAB <target> TAB <temp>`) and the contents as members `<g>/<i>`. Paths hold no
 * control characters (the hub refuses them), so tabs and newlines delimit safely, and the command
 * line stays the same however many files there are.
 * A fixed number of processes per batch (tar, one chown and one chmod per group, one sync) and two
 * per file: every file is staged first (copied beside its target with its mode and owner, so it takes
 * the directory's default security label), synced, and only then renamed into place; a failure
 * before the renames removes the staged files and changes nothing.
 */
export const PLACE_SCRIPT = [
  'set -eu',
  'umask 077',
  'd=$(mktemp -d)',
  'staged=0',
  `cleanup() { if [ "$staged" = 1 ]; then while IFS='	' read -r g i p t; do rm -f -- "$t"; done < "$d/manifest"; fi; rm -rf -- "$d"; }`,
  'trap cleanup EXIT',
  'tar -x -f - -C "$d" --no-same-owner --no-same-permissions',
  `while IFS='	' read -r g m o; do`,
  '  if [ -n "$o" ]; then chown -- "$o" "$d/$g"/*; fi',
  '  chmod -- "$m" "$d/$g"/*',
  'done < "$d/groups"',
  'staged=1',
  'set --',
  `while IFS='	' read -r g i p t; do`,
  '  cp -p -- "$d/$g/$i" "$t"',
  '  set -- "$@" "$t"',
  'done < "$d/manifest"',
  'sync -- "$@"',
  `while IFS='	' read -r g i p t; do mv -f -- "$t" "$p"; done < "$d/manifest"`,
  'staged=0',
].join('\n');

export interface PlaceFile {
  readonly path: string;
  readonly temp: string;
  readonly content: Buffer;
  readonly mode: number;
  /** chown spec (`chownSpec`), '' for none. */
  readonly chown: string;
}

/** The tar archive PLACE_SCRIPT reads: files grouped by mode and owner, the manifest, the contents. */
export function placeArchive(files: readonly PlaceFile[]): Buffer {
  const groups = new Map<string, number>();
  const groupLines: string[] = [];
  const manifest: string[] = [];
  const members: TarMember[] = [];
  files.forEach((file, i) => {
    const key = `${file.mode.toString(8)}\t${file.chown}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = groups.size;
      groups.set(key, g);
      groupLines.push(`${g}\t${key}\n`);
    }
    manifest.push(`${g}\t${i}\t${file.path}\t${file.temp}\n`);
    members.push({ name: `${g}/${i}`, content: file.content });
  });
  return buildTar([
    { name: 'groups', content: Buffer.from(groupLines.join(''), 'utf8') },
    { name: 'manifest', content: Buffer.from(manifest.join(''), 'utf8') },
    ...members,
  ]);
}

/** `owner:group`, `owner` or `:group` for chown, or '' to leave both as created. */
export function chownSpec(owner: string | undefined, group: string | undefined): string {
  if (owner !== undefined && group !== undefined) return `${owner}:${group}`;
  if (owner !== undefined) return owner;
  if (group !== undefined) return `:${group}`;
  return '';
}
