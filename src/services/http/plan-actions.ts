/**
 * The plan actions of a web config change on one server: directories, file writes and
 * removals, then one config test after all of them and one reload after the test. When the
 * test fails the engine puts the previous files back and the running server never saw them.
 */
import { createHash } from 'node:crypto';
import type { Action } from '../../plan/action.js';
import { configTest, reload } from '../../plan/build-command-actions.js';
import { ensureDir, removePath, writeFile } from '../../plan/build-file-actions.js';
import type { ConfigFile } from './types.js';

export interface WebConfigChange {
  readonly server: string;
  readonly idPrefix: string;
  readonly after: readonly string[];
  readonly dirs: readonly { readonly name: string; readonly path: string; readonly mode?: number }[];
  readonly writes: readonly ConfigFile[];
  readonly removes: readonly { readonly name: string; readonly path: string }[];
  readonly configTestArgv: readonly string[];
  readonly reloadArgv: readonly string[];
}

/** Config files are readable by everyone unless they say otherwise (TLS keys); directories 0755 unless they say. */
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
const MAX_ID = 200;

/** Actions for one server; none when nothing is written or removed. */
export function webConfigActions(change: WebConfigChange): Action[] {
  if (change.writes.length === 0 && change.removes.length === 0) return [];
  const id = (name: string): string => actionId(change.idPrefix, name);
  const { server } = change;
  const dirs = change.dirs.map((dir, index) => ensureDir({
    id: id(`dir:${dir.name}`), server, path: dir.path, mode: dir.mode ?? DIR_MODE,
    after: index === 0 ? change.after : [id(`dir:${change.dirs[index - 1]?.name ?? ''}`)],
  }));
  const start = dirs.length === 0 ? change.after : [dirs[dirs.length - 1]?.id ?? ''];
  const files = [
    ...change.writes.map((file) => writeFile({ id: id(`write:${file.name}`), server, path: file.path, content: file.content, mode: file.mode ?? FILE_MODE, sensitive: file.sensitive ?? false, after: start })),
    ...change.removes.map((file) => removePath({ id: id(`remove:${file.name}`), server, path: file.path, after: start })),
  ];
  const test = configTest({ id: id('config-test'), server, argv: change.configTestArgv, after: files.map((action) => action.id) });
  const load = reload({ id: id('reload'), server, argv: change.reloadArgv, after: [test.id] });
  return [...dirs, ...files, test, load];
}

/** `<prefix>:<name>`, with an over-long name shortened by a hash so the id stays within the limit. */
export function actionId(prefix: string, name: string): string {
  const id = `${prefix}:${name}`;
  if (id.length <= MAX_ID) return id;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${id.slice(0, MAX_ID - digest.length - 1)}~${digest}`;
}
