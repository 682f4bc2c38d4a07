/**
 * Which actions start next: those whose dependencies all completed, in plan order, within the
 * global and per-server limits. Ready writeFile actions of one server start together as one
 * batch (one slot), so their files travel in one `place` call; ready ensureDir actions of one
 * server likewise (one `inspect`, one `install -d` per mode and owner). Two writes of one file never
 * run at once: the later one (in plan order) waits.
 */
import type { Action, EnsureDirAction, WriteFileAction } from '../plan/action.js';

export type Unit =
  | { readonly kind: 'single'; readonly server: string; readonly action: Action }
  | { readonly kind: 'writeBatch'; readonly server: string; readonly actions: readonly WriteFileAction[] }
  | { readonly kind: 'dirBatch'; readonly server: string; readonly actions: readonly EnsureDirAction[] };

export interface SchedulerState {
  /** Ids not started yet. */
  readonly pending: ReadonlySet<string>;
  /** Ids that completed (ok or changed). */
  readonly completed: ReadonlySet<string>;
  /** Units running now, per server. */
  readonly running: ReadonlyMap<string, number>;
  /** `pathKey`s of the files being written now: a second write of one waits for the first. */
  readonly writing?: ReadonlySet<string>;
}

export function pathKey(server: string, path: string): string {
  return `${server}\n${path}`;
}

export interface Limits {
  readonly global: number;
  readonly perServer: number;
}

/** Files placed in one batch at most. */
export const MAX_BATCH_FILES = 500;

export function pickUnits(actions: readonly Action[], state: SchedulerState, limits: Limits): Unit[] {
  const running = new Map(state.running);
  let total = [...running.values()].reduce((sum, count) => sum + count, 0);
  const taken = new Set<string>();
  const writing = new Set(state.writing);
  const units: Unit[] = [];
  const isReady = (action: Action): boolean =>
    state.pending.has(action.id) &&
    !taken.has(action.id) &&
    action.after.every((id) => state.completed.has(id)) &&
    (action.kind !== 'writeFile' || !writing.has(pathKey(action.server, action.path)));

  for (const [index, action] of actions.entries()) {
    if (total >= limits.global) break;
    if (!isReady(action) || (running.get(action.server) ?? 0) >= limits.perServer) continue;
    taken.add(action.id);
    if (action.kind === 'writeFile') {
      const batch = [action];
      writing.add(pathKey(action.server, action.path));
      for (const other of actions.slice(index + 1)) {
        if (batch.length >= MAX_BATCH_FILES) break;
        if (other.kind !== 'writeFile' || other.server !== action.server || !isReady(other)) continue;
        batch.push(other);
        writing.add(pathKey(other.server, other.path));
        taken.add(other.id);
      }
      units.push({ kind: 'writeBatch', server: action.server, actions: batch });
    } else if (action.kind === 'ensureDir') {
      const batch = [action];
      for (const other of actions.slice(index + 1)) {
        if (batch.length >= MAX_BATCH_FILES) break;
        if (other.kind !== 'ensureDir' || other.server !== action.server || !isReady(other)) continue;
        batch.push(other);
        taken.add(other.id);
      }
      units.push({ kind: 'dirBatch', server: action.server, actions: batch });
    } else {
      units.push({ kind: 'single', server: action.server, action });
    }
    running.set(action.server, (running.get(action.server) ?? 0) + 1);
    total += 1;
  }
  return units;
}

export function unitActions(unit: Unit): readonly Action[] {
  return unit.kind === 'single' ? [unit.action] : unit.actions;
}
