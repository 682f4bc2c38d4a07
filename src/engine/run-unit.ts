/**
 * Runs one scheduled unit (one action, or a batch of file writes) and says, per action, how
 * it ended and how to undo it. Never throws: every failure becomes a `StepFailure`.
 */
import type { Action } from '../plan/action.js';
import { runCommand, runSql } from './commands.js';
import { runEnsureDir, runEnsureDirBatch } from './ensure-dir.js';
import { runHttpCheck } from './http-check.js';
import { runRemovePath } from './remove-path.js';
import type { Unit } from './ready-queue.js';
import { StepFailure, toStepFailure, type StepContext, type StepOutcome, type UndoStep } from './step.js';
import { runFetchTree, runPushTree } from './trees.js';
import { undoFor } from './undo-for.js';
import { runWriteBatch } from './write-files.js';

export type UnitEnd =
  | { readonly ok: true; readonly outcome: StepOutcome; readonly undo?: UndoStep }
  | { readonly ok: false; readonly failure: StepFailure; readonly undo?: UndoStep };

export async function runUnit(ctx: () => StepContext, unit: Unit): Promise<ReadonlyMap<string, UnitEnd>> {
  const ends = new Map<string, UnitEnd>();
  let context: StepContext;
  try {
    context = ctx();
  } catch (error) {
    const failure = toStepFailure(error, undefined, `cannot reach ${unit.server}`);
    for (const action of unit.kind === 'single' ? [unit.action] : unit.actions) ends.set(action.id, { ok: false, failure });
    return ends;
  }

  if (unit.kind === 'writeBatch' || unit.kind === 'dirBatch') {
    const outcomes = unit.kind === 'writeBatch' ? await runWriteBatch(context, unit.actions) : await runEnsureDirBatch(context, unit.actions);
    for (const action of unit.actions) {
      const outcome = outcomes.get(action.id);
      if (outcome !== undefined) ends.set(action.id, settle(context, action, outcome));
    }
    return ends;
  }
  let outcome: StepOutcome | StepFailure;
  try {
    outcome = await runAction(context, unit.action);
  } catch (error) {
    outcome = toStepFailure(error);
  }
  ends.set(unit.action.id, settle(context, unit.action, outcome));
  return ends;
}

/** Runs one action (a write on its own too: a rerun, or a batch of one). */
export async function runAction(ctx: StepContext, action: Action): Promise<StepOutcome> {
  switch (action.kind) {
    case 'writeFile': {
      const outcome = (await runWriteBatch(ctx, [action])).get(action.id);
      if (outcome === undefined || outcome instanceof StepFailure) throw toStepFailure(outcome ?? 'no result');
      return outcome;
    }
    case 'ensureDir':
      return runEnsureDir(ctx, action);
    case 'removePath':
      return runRemovePath(ctx, action);
    case 'pushTree':
      return runPushTree(ctx, action);
    case 'fetchTree':
      return runFetchTree(ctx, action);
    case 'exec':
    case 'configTest':
    case 'reload':
      return runCommand(ctx, action);
    case 'sql':
      return runSql(ctx, action);
    case 'httpCheck':
      return runHttpCheck(ctx, action);
  }
}

function settle(ctx: StepContext, action: Action, outcome: StepOutcome | StepFailure): UnitEnd {
  if (outcome instanceof StepFailure) {
    // A generation wait that failed still runs again once the old config is back, so that the
    // old config is live again before the task ends.
    if (action.kind === 'httpCheck' && action.undo.kind === 'rerun') {
      return { ok: false, failure: outcome, undo: { rerun: true, run: async () => void (await runAction(ctx, action)) } };
    }
    // Clean up what a failed action half did, unless the planner said there is nothing to undo.
    return { ok: false, failure: outcome, undo: action.undo.kind === 'none' ? undefined : outcome.undo };
  }
  return { ok: true, outcome, undo: undoFor(ctx, action, outcome, () => runAction(ctx, action)) };
}
