/**
 * Undo of an rsync transfer from its itemized changes and its backup directory: created files
 * are removed, created directories removed (deepest first), deleted directories made again,
 * every replaced or deleted file copied back from the backup with its mode and owner, and the
 * tree root removed when the transfer created it.
 * Attribute-only changes (mode, owner) cannot be put back: rsync keeps no backup for them.
 */
import type { TreeChange } from '../transport/transport.js';
import { joinPath } from './remote-command.js';

/** Runs argv where the tree is (the server for a push, the hub for a fetch); throws on failure. */
export type CommandRunner = (argv: readonly string[]) => Promise<unknown>;

const PATHS_PER_COMMAND = 200;

export async function undoTreeChanges(
  run: CommandRunner,
  target: string,
  backupDir: string,
  changes: readonly TreeChange[],
  createdRoot = false,
): Promise<void> {
  const created = changes.filter((change) => change.change === 'created');
  const createdFiles = created.filter((change) => change.type !== 'dir').map((change) => joinPath(target, change.path));
  const createdDirs = created
    .filter((change) => change.type === 'dir')
    .map((change) => joinPath(target, change.path))
    .sort((a, b) => depth(b) - depth(a));
  const deletedDirs = changes
    .filter((change) => change.change === 'deleted' && change.type === 'dir')
    .map((change) => joinPath(target, change.path));
  const backedUp = changes.some(
    (change) => change.type !== 'dir' && (change.change === 'updated' || change.change === 'deleted'),
  );

  await inChunks(createdFiles, (paths) => run(['rm', '-f', '--', ...paths]));
  await inChunks(createdDirs, (paths) => run(['rmdir', '--', ...paths]));
  await inChunks(deletedDirs, (paths) => run(['mkdir', '-p', '--', ...paths]));
  if (backedUp) await run(['cp', '-a', '--remove-destination', '--', `${backupDir}/.`, `${target}/`]);
  await run(['rm', '-rf', '--', backupDir]);
  if (createdRoot) await run(['rmdir', '--', target]);
}

function depth(path: string): number {
  return path.split('/').length;
}

async function inChunks(paths: readonly string[], each: (chunk: readonly string[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < paths.length; start += PATHS_PER_COMMAND) {
    await each(paths.slice(start, start + PATHS_PER_COMMAND));
  }
}
