/**
 * pushTree and fetchTree: one rsync each, with a backup directory on the receiving side so the
 * transfer can be undone from its itemized changes: on a server a fresh one in Aegir's own trash,
 * on the hub beside the receiving tree (a fresh staging directory). The backup is deleted once the
 * plan succeeded.
 */
import { existsSync } from 'node:fs';
import type { FetchTreeAction, PushTreeAction } from '../plan/action.js';
import type { TreeChange } from '../transport/transport.js';
import { runOnHub } from './hub-command.js';
import { joinPath, parentOf, runChecked } from './remote-command.js';
import { freshTrash, scratchName } from './scratch-name.js';
import type { StepContext, StepOutcome } from './step.js';
import { undoTreeChanges, type CommandRunner } from './tree-undo.js';

export async function runPushTree(ctx: StepContext, action: PushTreeAction): Promise<StepOutcome> {
  const target = action.target.replace(/(.)\/+$/, '$1');
  const before = (await ctx.transport.inspect([target])).get(target) ?? { type: 'missing' };
  // rsync makes the backup directory itself, inside a fresh one of Aegir's (so that the undo, which
  // copies the backup's root onto the tree's, keeps the tree root's own mode).
  const fresh = await freshTrash(ctx, 'backup', action.id);
  const backupDir = `${fresh}/tree`;
  const result = await ctx.transport.pushTree({
    source: action.source,
    target,
    excludes: action.excludes,
    deleteExtraneous: action.deleteExtraneous,
    backupDir,
  });
  const run: CommandRunner = (argv) => runChecked(ctx.transport, argv);
  return treeOutcome(result.changes, run, target, backupDir, before.type === 'missing', fresh);
}

export async function runFetchTree(ctx: StepContext, action: FetchTreeAction): Promise<StepOutcome> {
  const target = action.target.replace(/(.)\/+$/, '$1');
  const createdRoot = !existsSync(target);
  const backupDir = joinPath(ctx.stagingDir ?? parentOf(target), scratchName('backup', ctx.runId, action.id));
  const result = await ctx.transport.fetchTree({
    source: action.source,
    target,
    excludes: action.excludes,
    deleteExtraneous: false,
    backupDir,
  });
  return treeOutcome(result.changes, runOnHub, target, backupDir, createdRoot);
}

function treeOutcome(
  changes: readonly TreeChange[],
  run: CommandRunner,
  target: string,
  backupDir: string,
  createdRoot: boolean,
  scratch = backupDir,
): StepOutcome {
  if (changes.length === 0 && !createdRoot) {
    return { status: 'ok', ...(scratch === backupDir ? {} : { commit: async () => void (await run(['rm', '-rf', '--', scratch])) }) };
  }
  return {
    status: 'changed',
    undo: {
      run: async () => {
        await undoTreeChanges(run, target, backupDir, changes, createdRoot);
        await run(['rm', '-rf', '--', scratch]);
      },
    },
    commit: async () => {
      await run(['rm', '-rf', '--', scratch]);
    },
  };
}
