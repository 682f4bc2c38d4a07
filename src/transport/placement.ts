import { ValidationError } from '../model/errors.js';
import { randomBytes } from 'node:crypto';
import { basename, dirname, posix } from 'node:path';
import type { FilePlacement, PathState } from './transport.js';

/**
 * The modification time (seconds since the epoch) of every placed file, on every transport: 0.
 * PHP's opcache never caches a script whose mtime is 0 (it takes 0 for "no timestamp"), so a
 * settings file that a task replaces is read afresh by the next request, whatever the head's
 * `opcache.revalidate_freq`; with the real time, PHP-FPM would go on running the old settings (the
 * old database) for up to that many seconds after the task succeeded.
 */
export const PLACED_FILE_MTIME = 0;

/** The bytes of a placement's content. */
export function contentOf(file: FilePlacement): Buffer {
  return typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
}

/**
 * Whether placing `file` would change anything: false only when a regular file is there with
 * the same content, the same permission bits and (when asked for) the same owner and group.
 */
export function placementChanges(state: PathState | undefined, file: FilePlacement): boolean {
  if (state === undefined || state.type !== 'file') return true;
  if ((state.mode & 0o7777) !== (file.mode & 0o7777)) return true;
  if (file.owner !== undefined && file.owner !== state.owner) return true;
  if (file.group !== undefined && file.group !== state.group) return true;
  return !state.content.equals(contentOf(file));
}

/** `<dir>/.<name>.aegir-<random>`: the temp file a placement is written to before the rename. */
export function tempPathFor(path: string): string {
  return posix.join(dirname(path), `.${basename(path)}.aegir-${randomBytes(6).toString('hex')}`);
}

const ACCOUNT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/;

/** Refuse placements that cannot be carried out safely: relative paths, odd modes or account names. */
export function validatePlacements(files: readonly FilePlacement[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    if (!file.path.startsWith('/') || file.path.endsWith('/') || file.path.includes('\0')) {
      throw new ValidationError('path', file.path, 'must be an absolute file path');
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(file.path)) throw new ValidationError('path', file.path, 'must not contain control characters');
    if (posix.normalize(file.path) !== file.path) throw new ValidationError('path', file.path, 'must be normalised');
    if (seen.has(file.path)) throw new ValidationError('path', file.path, 'is placed twice in one batch');
    seen.add(file.path);
    if (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o7777) {
      throw new ValidationError('mode', file.mode, 'must be a permission mode between 0 and 0o7777');
    }
    if (file.owner !== undefined && !ACCOUNT.test(file.owner)) throw new ValidationError('owner', file.owner, 'is not a valid user name');
    if (file.group !== undefined && !ACCOUNT.test(file.group)) throw new ValidationError('group', file.group, 'is not a valid group name');
  }
}
