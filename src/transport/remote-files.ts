import type { PathState } from './transport.js';

/**
 * Prints, for each path argument in order: `M` (missing), or `S <raw mode hex> <owner> <group>
 * <uid> <gid>` followed, for a regular file, by `C<base64 content>` (`X` if it cannot be read).
 * Only coreutils run on the server.
 */
export const INSPECT_SCRIPT = [
  'for p in "$@"; do',
  '  if [ -e "$p" ] || [ -h "$p" ]; then',
  `    s=$(stat -c '%f %U %G %u %g' -- "$p") || { echo X; continue; }`,
  `    printf 'S %s\\n' "$s"`,
  '    if [ -f "$p" ] && [ ! -h "$p" ]; then',
  `      if c=$(base64 -w 0 -- "$p"); then printf 'C%s\\n' "$c"; else echo X; fi`,
  '    fi',
  '  else',
  '    echo M',
  '  fi',
  'done',
].join('\n');

/** Parse INSPECT_SCRIPT output; throws with the path when the output is not as expected. */
export function parseInspectOutput(paths: readonly string[], output: string): Map<string, PathState> {
  const lines = output.split('\n');
  const states = new Map<string, PathState>();
  let index = 0;
  const next = (): string => lines[index++] ?? '';
  for (const path of paths) {
    const line = next();
    if (line === 'M') {
      states.set(path, { type: 'missing' });
      continue;
    }
    const fields = line.split(' ');
    if (fields[0] !== 'S' || fields.length !== 6) throw new Error(`cannot stat ${path}`);
    const raw = parseInt(fields[1] ?? '', 16);
    const owner = fields[2] === 'UNKNOWN' ? (fields[4] ?? '') : (fields[2] ?? '');
    const group = fields[3] === 'UNKNOWN' ? (fields[5] ?? '') : (fields[3] ?? '');
    const mode = raw & 0o7777;
    const kind = raw & 0o170000;
    if (kind === 0o040000) states.set(path, { type: 'dir', mode, owner, group });
    else if (kind === 0o100000) {
      const contentLine = next();
      if (!contentLine.startsWith('C')) throw new Error(`cannot read ${path}`);
      states.set(path, { type: 'file', mode, owner, group, content: Buffer.from(contentLine.slice(1), 'base64') });
    } else states.set(path, { type: 'other', mode, owner, group });
  }
  return states;
}

/**
 * Arguments: the number of files, then per file `<target> <temp> <octal mode> <chown spec or ''>`;
 * stdin: a tar archive whose members `0`, `1`... are the contents in order.
 * Stages every file first (temp file in the target's directory, created 0600, chown, chmod,
 * fsync), then renames them all into place: a failure before the renames changes nothing.
 */
export const PLACE_SCRIPT = [
  'set -eu',
  'umask 077',
  'staged=""',
  'd=$(mktemp -d)',
  `cleanup() { rm -rf -- "$d"; for t in $staged; do rm -f -- "$(printf '%s' "$t" | base64 -d)"; done; }`,
  'trap cleanup EXIT',
  'tar -x -f - -C "$d" --no-same-owner --no-same-permissions',
  'n=$1; shift',
  'i=0',
  'while [ "$i" -lt "$n" ]; do',
  '  eval "t=\\${$((4 * i + 2))} m=\\${$((4 * i + 3))} o=\\${$((4 * i + 4))}"',
  '  cat -- "$d/$i" > "$t"',
  `  staged="$staged $(printf '%s' "$t" | base64 -w 0)"`,
  '  if [ -n "$o" ]; then chown -- "$o" "$t"; fi',
  '  chmod -- "$m" "$t"',
  '  sync -- "$t"',
  '  i=$((i + 1))',
  'done',
  'i=0',
  'while [ "$i" -lt "$n" ]; do',
  '  eval "p=\\${$((4 * i + 1))} t=\\${$((4 * i + 2))}"',
  '  mv -f -- "$t" "$p"',
  '  i=$((i + 1))',
  'done',
  'staged=""',
].join('\n');

/** `owner:group`, `owner` or `:group` for chown, or '' to leave both as created. */
export function chownSpec(owner: string | undefined, group: string | undefined): string {
  if (owner !== undefined && group !== undefined) return `${owner}:${group}`;
  if (owner !== undefined) return owner;
  if (group !== undefined) return `:${group}`;
  return '';
}
