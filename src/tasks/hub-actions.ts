/**
 * Steps that run on the hub itself, as actions of the plan on the hub's own transport (`@hub`),
 * so that a backup, restore, clone or migrate is one plan: printed by the dry run, recorded per
 * action, undone by the executor. Staging directories are fresh (see plan/scratch.ts); archives
 * are packed under a `.partial` name and renamed when complete (0600).
 */
import type { HubPaths } from '../facts/index.js';
import { exec, freshDir, removeScratch, type Action } from '../plan/index.js';

/** The server alias of the hub's own steps. */
export const HUB = '@hub';

const ARCHIVE_TIMEOUT_MS = 60 * 60_000;

/** `sh -c PACK_SCRIPT sh STAGING FILE`: packs STAGING's db/ and site/ into FILE (0600), atomically. */
const PACK_SCRIPT = [
  'set -eu',
  'umask 077',
  'staging=$1 file=$2',
  'tar --create --gzip --numeric-owner --file="$file.partial" --directory="$staging" -- db site',
  'chmod 0600 -- "$file.partial"',
  'mv -T -- "$file.partial" "$file"',
].join('\n');

/** `sh -c EXTRACT_SCRIPT sh FILE SHA256 DIR`: checks FILE against its recorded checksum, then extracts it into DIR. */
const EXTRACT_SCRIPT = [
  'set -eu',
  'file=$1 sum=$2 dir=$3',
  'if ! printf \'%s  %s\\n\' "$sum" "$file" | sha256sum --check --status; then',
  '  echo "aegir: the backup archive $file is missing or does not match its recorded checksum" >&2; exit 3',
  'fi',
  'tar --extract --gzip --same-permissions --same-owner --numeric-owner --file="$file" --directory="$dir"',
].join('\n');

/** The archive file name of a backup. */
export function archiveName(uri: string, stamp: string): string {
  return `${uri}-${stamp}.tar.gz`;
}

/** A fresh staging directory on the hub: `<backups>/staging/<tag>-<token>`. */
export function hubStaging(paths: HubPaths, tag: string, token: string): { readonly path: string; readonly action: (id: string, after?: readonly string[]) => Action } {
  const name = `${tag}-${token}`;
  return {
    path: `${paths.staging}/${name}`,
    action: (id, after = []) => freshDir({ id, server: HUB, base: paths.backups, area: 'staging', name, after }),
  };
}

export function removeHubStaging(id: string, path: string, after: readonly string[]): Action {
  return removeScratch({ id, server: HUB, path, after });
}

/** Packs a staging directory (`db/`, `site/`) into the archive `file` (absolute path on the hub); undone by removing it. */
export function packArchiveAction(options: { readonly id: string; readonly staging: string; readonly file: string; readonly after: readonly string[] }): Action {
  return exec({
    id: options.id, server: HUB, after: options.after, timeoutMs: ARCHIVE_TIMEOUT_MS,
    argv: ['sh', '-c', PACK_SCRIPT, 'sh', options.staging, options.file],
    description: `pack ${options.staging} into the backup archive ${options.file} (0600)`,
    undo: { kind: 'exec', argv: ['rm', '-f', '--', options.file, `${options.file}.partial`] },
  });
}

/** Checks an archive against its recorded checksum and extracts it into `dir` (owners and modes as recorded). */
export function extractArchiveAction(options: { readonly id: string; readonly file: string; readonly sha256: string; readonly dir: string; readonly after: readonly string[] }): Action {
  return exec({
    id: options.id, server: HUB, after: options.after, timeoutMs: ARCHIVE_TIMEOUT_MS,
    argv: ['sh', '-c', EXTRACT_SCRIPT, 'sh', options.file, options.sha256, options.dir],
    description: `check the backup archive ${options.file} (sha256 ${options.sha256.slice(0, 16)}…) and extract it into ${options.dir}`,
    undo: { kind: 'none', reason: 'the staging directory it fills is removed with its undo' },
  });
}
