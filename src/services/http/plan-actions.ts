/**
 * The plan actions of a web config change on one server: directories, file writes and removals,
 * the config generation of the change, then one config test after all of them, one reload after
 * the test, a wait until the new config is the one answering, and a check of each changed site.
 * When the test fails the engine puts the previous files back and the running server never saw
 * them; when the new config or a site does not answer, the previous files are put back, reloaded
 * and waited for again.
 */
import { createHash } from 'node:crypto';
import type { Action } from '../../plan/action.js';
import { configTest, reload } from '../../plan/build-command-actions.js';
import { ensureDir, removePath, writeFile } from '../../plan/build-file-actions.js';
import { liveCheckActions, type LiveCheck } from './live-checks.js';
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
  /** How the change is seen to be live on the server, and which sites are checked then. */
  readonly live: LiveCheck;
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
  const writes = change.writes.map((file) => writeFile({ id: id(`write:${file.name}`), server, path: file.path, content: file.content, mode: file.mode ?? FILE_MODE, sensitive: file.sensitive ?? false, after: start }));
  const removes = change.removes.map((file) => removePath({ id: id(`remove:${file.name}`), server, path: file.path, after: start }));
  const files = [...writes, ...removes];
  const fileIds = new Map([
    ...change.writes.map((file, index) => [file.name, writes[index]?.id ?? ''] as const),
    ...change.removes.map((file, index) => [file.name, removes[index]?.id ?? ''] as const),
  ]);
  const live = liveCheckActions({ change, id, fileIds, files: files.map((action) => action.id) });
  const test = configTest({ id: id('config-test'), server, argv: change.configTestArgv, after: [...files.map((action) => action.id), live.generation.id] });
  const load = reload({ id: id('reload'), server, argv: change.reloadArgv, after: [test.id] });
  return [...dirs, ...files, live.generation, test, load, ...live.checks(load.id)];
}

/** `<prefix>:<name>`, with an over-long name shortened by a hash so the id stays within the limit. */
export function actionId(prefix: string, name: string): string {
  const id = `${prefix}:${name}`;
  if (id.length <= MAX_ID) return id;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${id.slice(0, MAX_ID - digest.length - 1)}~${digest}`;
}
