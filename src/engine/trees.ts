/**
 * pushTree and fetchTree: one rsync each, with a backup directory beside the receiving tree so
 * the transfer can be undone from its itemized changes. The backup is deleted once the plan
 * succeeded.
 */
import { existsSync } from 'node:fs';
import type { FetchTreeAction, PushTreeAction } from '../plan/action.js';
import type { TreeChange } from '../transport/transport.js';
import { runOnHub } from './hub-command.js';
import { joinPath, parentOf, runChecked } from './remote-command.js';
import { scratchName } from './scratch-name.js';
import type { StepContext, StepOutcome } from './step.js';
import { undoTreeChanges, type CommandRunner } from './tree-undo.js';

export async function runPushTree(ctx: StepContext, action: PushTreeAction): Promise<StepOutcome> {
  const target = action.target.replace(/(.)\/+$/, '$1');
  const before = (await ctx.transport.inspect([target])).get(target) ?? { type: 'missing' };
  const backupDir = joinPath(parentOf(target), scratchName('backup', ctx.runId, action.id));
  const result = await ctx.transport.pushTree({
    source: action.source,
    target,
    excludes: action.excludes,
    deleteExtraneous: action.deleteExtraneous,
    backupDir,
  });
  const run: CommandRunner = (argv) => runChecked(ctx.transport, argv);
  return treeOutcome(result.changes, run, target, backupDir, before.type === 'missing');
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
): StepOutcome {
  if (changes.length === 0 && !createdRoot) return { status: 'ok' };
  return {
    status: 'changed',
    undo: { run: () => undoTreeChanges(run, target, backupDir, changes, createdRoot) },
    commit: async () => {
      await run(['rm', '-rf', '--', backupDir]);
    },
  };
}
