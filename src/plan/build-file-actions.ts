/**
 * Constructors for file actions, filling the defaults so planners stay short:
 * no dependencies, undo by restoring what was there, not sensitive, a generated description.
 */
import type {
  EnsureDirAction, FetchTreeAction, PushTreeAction, RemovePathAction, WriteFileAction,
} from './action.js';
import { baseFields, finishAction, type ActionOptions } from './build-common.js';
import { countOf, formatAttributes } from './describe.js';

const RESTORE = { kind: 'restore' } as const;

export interface EnsureDirOptions extends ActionOptions {
  readonly path: string;
  /** Default 0o755. */
  readonly mode?: number;
  readonly owner?: string;
  readonly group?: string;
}

/** `ensure directory /var/www/site (0755 www-data:www-data)`; undo removes it if it was created. */
export function ensureDir(options: EnsureDirOptions): EnsureDirAction {
  const mode = options.mode ?? 0o755;
  const description = `ensure directory ${options.path} ${formatAttributes(mode, options.owner, options.group)}`;
  return finishAction({
    kind: 'ensureDir', ...baseFields(options, { undo: RESTORE, description }),
    path: options.path, mode, owner: options.owner, group: options.group,
  });
}

export interface WriteFileOptions extends ActionOptions {
  readonly path: string;
  readonly content: string;
  /** Default 0o644. */
  readonly mode?: number;
  readonly owner?: string;
  readonly group?: string;
  /** The content holds a secret; default false. */
  readonly sensitive?: boolean;
}

/** `write /etc/nginx/aegir/site.conf (0644 root:root)`; undo puts the previous content back. */
export function writeFile(options: WriteFileOptions): WriteFileAction {
  const mode = options.mode ?? 0o644;
  const description = `write ${options.path} ${formatAttributes(mode, options.owner, options.group)}`;
  return finishAction({
    kind: 'writeFile', ...baseFields(options, { undo: RESTORE, description }),
    path: options.path, content: options.content, mode, owner: options.owner, group: options.group,
    sensitive: options.sensitive ?? false,
  });
}

export interface RemovePathOptions extends ActionOptions {
  readonly path: string;
  /** Remove a directory with everything in it; default false. */
  readonly recursive?: boolean;
}

/** `remove /path` or `remove /path and everything in it`; undo puts it back. */
export function removePath(options: RemovePathOptions): RemovePathAction {
  const recursive = options.recursive ?? false;
  const description = `remove ${options.path}${recursive ? ' and everything in it' : ''}`;
  return finishAction({
    kind: 'removePath', ...baseFields(options, { undo: RESTORE, description }), path: options.path, recursive,
  });
}

export interface PushTreeOptions extends ActionOptions {
  /** Directory on the hub. */
  readonly source: string;
  /** Directory on the server; default the same path as on the hub. */
  readonly target?: string;
  readonly excludes?: readonly string[];
  /** Default false. */
  readonly deleteExtraneous?: boolean;
}

/** `push /srv/platforms/mw139 to /srv/platforms/mw139 (2 excludes, delete extraneous)`; undo restores the tree. */
export function pushTree(options: PushTreeOptions): PushTreeAction {
  const target = options.target ?? options.source;
  const excludes = [...(options.excludes ?? [])];
  const deleteExtraneous = options.deleteExtraneous ?? false;
  const notes = [
    ...(excludes.length > 0 ? [countOf(excludes.length, 'exclude')] : []),
    ...(deleteExtraneous ? ['delete extraneous'] : []),
  ];
  const description = `push ${options.source} to ${target}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  return finishAction({
    kind: 'pushTree', ...baseFields(options, { undo: RESTORE, description }),
    source: options.source, target, excludes, deleteExtraneous,
  });
}

export interface FetchTreeOptions extends ActionOptions {
  /** Directory on the server. */
  readonly source: string;
  /** Directory on the hub. */
  readonly target: string;
  readonly excludes?: readonly string[];
}

/** `fetch /var/www/site/files into hub /srv/backups/x`; changes nothing on the server, so no undo. */
export function fetchTree(options: FetchTreeOptions): FetchTreeAction {
  const excludes = [...(options.excludes ?? [])];
  const note = excludes.length > 0 ? ` (${countOf(excludes.length, 'exclude')})` : '';
  const description = `fetch ${options.source} into hub ${options.target}${note}`;
  const undo = { kind: 'none', reason: 'fetching changes nothing on the server' } as const;
  return finishAction({
    kind: 'fetchTree', ...baseFields(options, { undo, description }),
    source: options.source, target: options.target, excludes,
  });
}
