import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { contentOf, PLACED_FILE_MTIME, tempPathFor } from './placement.js';
import type { FilePlacement } from './transport.js';

export interface StagedFile {
  readonly temp: string;
  readonly path: string;
}

/**
 * Write a placement's content to a temp file in the target's directory (created 0600, so a secret
 * is never readable on the way), set owner, group, mode and PLACED_FILE_MTIME on it (as over ssh),
 * fsync. Nothing is replaced yet.
 */
export async function stageFile(file: FilePlacement, uid?: number, gid?: number): Promise<StagedFile> {
  const temp = tempPathFor(file.path);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(contentOf(file));
    if (uid !== undefined || gid !== undefined) await handle.chown(uid ?? -1, gid ?? -1);
    await handle.chmod(file.mode);
    await handle.utimes(PLACED_FILE_MTIME, PLACED_FILE_MTIME);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return { temp, path: file.path };
}

/** Rename staged files over their targets (each atomically), then fsync their directories. */
export async function commitStaged(staged: readonly StagedFile[]): Promise<void> {
  for (const file of staged) await rename(file.temp, file.path);
  for (const dir of new Set(staged.map((file) => dirname(file.path)))) await syncDirectory(dir);
}

export async function discardStaged(staged: readonly StagedFile[]): Promise<void> {
  for (const file of staged) await unlink(file.temp).catch(() => undefined);
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // some filesystems refuse fsync on a directory; the rename itself is still atomic
  } finally {
    await handle.close();
  }
}
