import { describe, expect, it } from 'vitest';
import { exec } from '../plan/build-command-actions.js';
import { writeFile } from '../plan/build-file-actions.js';
import type { Action } from '../plan/action.js';
import { MAX_BATCH_FILES, pathKey, ReadyQueue, unitActions, type Limits, type Unit } from './ready-queue.js';
import { ensureDir } from '../plan/build-file-actions.js';

/** The choice of the next units by rescanning the plan: the reference the ReadyQueue must agree with. */
interface SchedulerState {
  /** Ids not started yet. */
  readonly pending: ReadonlySet<string>;
  /** Ids that completed (ok or changed). */
  readonly completed: ReadonlySet<string>;
  /** Units running now, per server. */
  readonly running: ReadonlyMap<string, number>;
  /** `pathKey`s of the files being written now: a second write of one waits for the first. */
  readonly writing?: ReadonlySet<string>;
}

function pickUnits(actions: readonly Action[], state: SchedulerState, limits: Limits): Unit[] {
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

const run = (id: string, server: string, after: string[] = []): Action => exec({ id, server, after, argv: ['true'] });
const write = (id: string, server: string, path: string, after: string[] = []): Action =>
  writeFile({ id, server, after, path, content: id });

function state(actions: readonly Action[], overrides: Partial<SchedulerState> = {}): SchedulerState {
  return {
    pending: new Set(actions.map((action) => action.id)),
    completed: new Set(),
    running: new Map(),
    ...overrides,
  };
}

const ids = (units: ReturnType<typeof pickUnits>): string[][] => units.map((unit) => unitActions(unit).map((a) => a.id));

describe('pickUnits', () => {
  it('starts ready actions in plan order within the per-server limit', () => {
    const actions = [run('a1', '@a'), run('b1', '@b'), run('a2', '@a'), run('a3', '@a'), run('b2', '@b')];
    expect(ids(pickUnits(actions, state(actions), { global: 10, perServer: 2 }))).toEqual([['a1'], ['b1'], ['a2'], ['b2']]);
  });

  it('stops at the global limit, counting what already runs', () => {
    const actions = [run('a1', '@a'), run('b1', '@b'), run('c1', '@c'), run('d1', '@d')];
    const running = new Map([['@z', 1]]);
    expect(ids(pickUnits(actions, state(actions, { running }), { global: 3, perServer: 4 }))).toEqual([['a1'], ['b1']]);
  });

  it('holds an action until every dependency completed, across servers', () => {
    const actions = [run('db', '@db'), run('web', '@web', ['db']), run('other', '@web')];
    expect(ids(pickUnits(actions, state(actions), { global: 8, perServer: 4 }))).toEqual([['db'], ['other']]);
    const later = state(actions, { pending: new Set(['web']), completed: new Set(['db', 'other']) });
    expect(ids(pickUnits(actions, later, { global: 8, perServer: 4 }))).toEqual([['web']]);
  });

  it('batches the ready writes of one server into one unit, never the same path twice', () => {
    const actions = [
      write('w1', '@a', '/x/1'),
      run('e1', '@a'),
      write('w2', '@a', '/x/2'),
      write('v1', '@b', '/x/1'),
      write('w3', '@a', '/x/3', ['e1']),
      write('w4', '@a', '/x/1'),
    ];
    const units = pickUnits(actions, state(actions), { global: 8, perServer: 4 });
    expect(ids(units)).toEqual([['w1', 'w2'], ['e1'], ['v1']]);
    expect(units[0]?.kind).toBe('writeBatch');
    const writing = new Set([pathKey('@a', '/x/1')]);
    const next = state(actions, { pending: new Set(['w4']), completed: new Set(['w1', 'w2', 'e1', 'v1']), writing });
    expect(ids(pickUnits(actions, next, { global: 8, perServer: 4 }))).toEqual([]);
    expect(ids(pickUnits(actions, { ...next, writing: new Set() }, { global: 8, perServer: 4 }))).toEqual([['w4']]);
  });
});

describe('ReadyQueue', () => {
  it('starts the same units as pickUnits, in the same order, as actions complete', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 30; round += 1) {
      const actions: Action[] = [];
      for (let i = 0; i < 60; i += 1) {
        const server = `@s${random(3)}`;
        const after = [...new Set(Array.from({ length: random(3) }, () => (i === 0 ? undefined : `x${random(i)}`)).filter((id) => id !== undefined))];
        const choice = random(3);
        actions.push(choice === 0 ? write(`x${i}`, server, `/f/${random(8)}`, after)
          : choice === 1 ? ensureDir({ id: `x${i}`, server, after, path: `/d/${i}` }) : run(`x${i}`, server, after));
      }
      const limits = { global: 1 + random(6), perServer: 1 + random(3) };
      const queue = new ReadyQueue(actions);
      const pending = new Set(actions.map((action) => action.id));
      const completed = new Set<string>();
      const running = new Map<string, number>();
      const writing = new Set<string>();
      const inFlight: Unit[] = [];
      for (;;) {
        const expected = pickUnits(actions, { pending, completed, running, writing }, limits);
        const got = queue.take(limits);
        expect(ids(got)).toEqual(ids(expected));
        for (const unit of got) {
          for (const action of unitActions(unit)) {
            pending.delete(action.id);
            if (action.kind === 'writeFile') writing.add(pathKey(action.server, action.path));
          }
          running.set(unit.server, (running.get(unit.server) ?? 0) + 1);
          inFlight.push(unit);
        }
        const done = inFlight.splice(random(inFlight.length), 1)[0];
        if (done === undefined) break;
        running.set(done.server, (running.get(done.server) ?? 1) - 1);
        queue.finished(done);
        for (const action of unitActions(done)) {
          if (action.kind === 'writeFile') writing.delete(pathKey(action.server, action.path));
          completed.add(action.id);
          queue.completed(action.id);
        }
      }
      expect(pending.size).toBe(0);
    }
  });
});
