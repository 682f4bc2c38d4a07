/**
 * writeFile actions of one server, run as one batch: one `inspect` round trip to learn what
 * each path holds now (to put it back on undo), then one `place` call for every file.
 * A file whose content, mode and owner were already right is `ok` and has nothing to undo.
 */
import type { WriteFileAction } from '../plan/action.js';
import type { PathState, Transport } from '../transport/transport.js';
import { runChecked } from './remote-command.js';
import { StepFailure, toStepFailure, type StepContext, type StepOutcome, type UndoStep } from './step.js';

export type BatchOutcome = ReadonlyMap<string, StepOutcome | StepFailure>;

export async function runWriteBatch(ctx: StepContext, actions: readonly WriteFileAction[]): Promise<BatchOutcome> {
  const outcomes = new Map<string, StepOutcome | StepFailure>();
  let before: ReadonlyMap<string, PathState>;
  try {
    before = await ctx.transport.inspect(actions.map((action) => action.path));
  } catch (error) {
    for (const action of actions) outcomes.set(action.id, toStepFailure(error, undefined, 'could not read the current file'));
    return outcomes;
  }

  const toPlace: { action: WriteFileAction; prior: PathState }[] = [];
  for (const action of actions) {
    const prior = before.get(action.path) ?? { type: 'missing' };
    if (prior.type === 'dir' || prior.type === 'other') {
      const what = prior.type === 'dir' ? 'a directory' : 'not a regular file';
      outcomes.set(action.id, new StepFailure(`${action.path} is ${what}; refusing to replace it with a file`));
    } else {
      toPlace.push({ action, prior });
    }
  }
  if (toPlace.length === 0) return outcomes;

  try {
    const placed = await ctx.transport.place(
      toPlace.map(({ action }) => ({
        path: action.path,
        content: action.content,
        mode: action.mode,
        owner: action.owner,
        group: action.group,
      })),
      before,
    );
    const changedPaths = new Set(placed.filter((file) => file.changed).map((file) => file.path));
    for (const { action, prior } of toPlace) {
      outcomes.set(
        action.id,
        changedPaths.has(action.path)
          ? { status: 'changed', undo: restoreFile(ctx.transport, action.path, prior) }
          : { status: 'ok' },
      );
    }
  } catch (error) {
    // Some files of the batch may have landed: each failed write still puts its file back.
    for (const { action, prior } of toPlace) {
      outcomes.set(action.id, toStepFailure(error, restoreFile(ctx.transport, action.path, prior), 'could not place the file'));
    }
  }
  return outcomes;
}

/** Puts back what a path held before a write: the old file (content, mode, owner), or nothing. */
export function restoreFile(transport: Transport, path: string, prior: PathState): UndoStep {
  return {
    async run() {
      if (prior.type === 'file') {
        await transport.place([
          { path, content: prior.content, mode: prior.mode, owner: prior.owner, group: prior.group },
        ]);
      } else {
        await runChecked(transport, ['rm', '-f', '--', path]);
      }
    },
  };
}
