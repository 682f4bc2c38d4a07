/**
 * Rolling back: every completed action's undo, one at a time in reverse completion order;
 * `rerun` undos (a reload) go last, once everything else was put back. An undo that fails is
 * recorded on its action and the rollback goes on with the others.
 */
import type { Action } from '../plan/action.js';
import type { ResultBook } from './results.js';
import type { UndoStep } from './step.js';
import type { ExecutorEvent } from './types.js';
import type { WaitingReporter } from './waiting.js';

export interface Undoable {
  readonly action: Action;
  readonly undo: UndoStep;
}

export interface RollbackContext {
  readonly book: ResultBook;
  readonly emit: (event: ExecutorEvent) => void;
  readonly now: () => number;
  readonly waiting?: WaitingReporter;
}

export async function rollback(completed: readonly Undoable[], ctx: RollbackContext): Promise<void> {
  const reversed = [...completed].reverse();
  for (const item of reversed.filter((entry) => entry.undo.rerun !== true)) await undoOne(item, ctx);
  for (const item of completed.filter((entry) => entry.undo.rerun === true)) await undoOne(item, ctx);
}

async function undoOne({ action, undo }: Undoable, ctx: RollbackContext): Promise<void> {
  const base = { id: action.id, server: action.server, kind: action.kind };
  ctx.emit({ type: 'undo-start', at: ctx.now(), ...base });
  try {
    await (ctx.waiting === undefined ? undo.run() : ctx.waiting.watch([action], 'undo', undo.run()));
    ctx.book.undone(action.id);
    ctx.emit({ type: 'undo-end', at: ctx.now(), ...base, ok: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const redacted = ctx.book.undoFailed(action.id, message);
    ctx.emit({ type: 'undo-end', at: ctx.now(), ...base, ok: false, error: redacted });
  }
}
