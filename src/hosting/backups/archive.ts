/**
 * Backup archives on the hub: `$AEGIR_HOME/backups/<uri>-<YYYYmmdd-HHMMSS>.tar.gz`, mode 0600, in
 * a directory only the hub's user may enter (0700). An archive is packed under a `.partial` name
 * and renamed when complete, so a failed or interrupted backup never leaves a file that looks
 * whole. Staging directories (what a backup fetched, or an archive extracted) live beside them.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AegirError } from '../../model/index.js';

const run = promisify(execFile);
const TAR_TIMEOUT_MS = 60 * 60_000;

/** The hub's backups directory (made 0700 when missing). */
export async function backupsDir(home: string): Promise<string> {
  const dir = join(home, 'backups');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

/** A fresh staging directory for one task's files (0700); removed by the caller. */
export async function stagingDir(home: string, name: string): Promise<string> {
  const parent = join(await backupsDir(home), '.staging');
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const dir = join(parent, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { mode: 0o700 });
  return dir;
}

/** The archive file name of a backup. */
export function archiveName(uri: string, stamp: string): string {
  return `${uri}-${stamp}.tar.gz`;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Packs `staging` (its `db/` and `site/`) into `path` (0600); a partial archive is deleted on failure. */
export async function packArchive(staging: string, path: string): Promise<{ size: number; sha256: string }> {
  const partial = `${path}.partial`;
  try {
    await run('tar', ['--create', '--gzip', '--numeric-owner', `--file=${partial}`, `--directory=${staging}`, '--', 'db', 'site'], { timeout: TAR_TIMEOUT_MS });
    await chmod(partial, 0o600);
    const sha256 = await sha256File(partial);
    const { size } = await stat(partial);
    await rename(partial, path);
    return { size, sha256 };
  } catch (error) {
    await rm(partial, { force: true });
    throw new AegirError('archive_failed', `cannot pack the backup archive ${path}: ${describe(error)}`, { cause: error });
  }
}

/** Extracts an archive into `dir` (owners and modes as recorded), after checking its checksum. */
export async function extractArchive(path: string, sha256: string, dir: string): Promise<void> {
  const found = await sha256File(path).catch((error: unknown) => {
    throw new AegirError('backup_missing', `cannot read the backup archive ${path}: ${describe(error)}`, { cause: error });
  });
  if (found !== sha256) throw new AegirError('backup_corrupt', `the backup archive ${path} does not match its recorded checksum`);
  try {
    await run('tar', ['--extract', '--gzip', '--same-permissions', '--same-owner', '--numeric-owner', `--file=${path}`, `--directory=${dir}`], { timeout: TAR_TIMEOUT_MS });
  } catch (error) {
    throw new AegirError('archive_failed', `cannot extract the backup archive ${path}: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  if (typeof stderr === 'string' && stderr.trim() !== '') return stderr.trim().split('\n')[0] ?? '';
  return error instanceof Error ? error.message : String(error);
}
