/**
 * Which actions start next: those whose dependencies all completed, in plan order, within the
 * global and per-server limits. Ready writeFile actions of one server start together as one
 * batch (one slot), so their files travel in one `place` call; ready ensureDir actions of one
 * server likewise (one `inspect`, one `install -d` per mode and owner). Two writes of one file never
 * run at once: the later one (in plan order) waits. Kept up to date as actions complete (`ReadyQueue`).
 */
import type { Action, EnsureDirAction, WriteFileAction } from '../plan/action.js';

export type Unit =
  | { readonly kind: 'single'; readonly server: string; readonly action: Action }
  | { readonly kind: 'writeBatch'; readonly server: string; readonly actions: readonly WriteFileAction[] }
  | { readonly kind: 'dirBatch'; readonly server: string; readonly actions: readonly EnsureDirAction[] };

export function pathKey(server: string, path: string): string {
  return `${server}\n${path}`;
}

export interface Limits {
  readonly global: number;
  readonly perServer: number;
}

/** Files placed in one batch at most. */
export const MAX_BATCH_FILES = 500;

export function unitActions(unit: Unit): readonly Action[] {
  return unit.kind === 'single' ? [unit.action] : unit.actions;
}

/**
 * The choice of the next units, kept up to date as actions complete instead of rescanning the
 * plan: each action counts its unfinished dependencies and joins its server's ready queue (by plan
 * position) when the count reaches zero. A write whose file is being written waits aside until
 * that write ends.
 */
export class ReadyQueue {
  readonly #actions: readonly Action[];
  readonly #dependents = new Map<string, number[]>();
  readonly #waitingOn: number[];
  /** Per server, per kind of unit: the positions of its ready actions. */
  readonly #ready = new Map<string, Map<UnitKind, MinHeap>>();
  readonly #blocked = new Map<string, number[]>();
  readonly #running = new Map<string, number>();
  readonly #writing = new Set<string>();
  #total = 0;

  constructor(actions: readonly Action[]) {
    this.#actions = actions;
    this.#waitingOn = actions.map((action) => new Set(action.after).size);
    actions.forEach((action, index) => {
      for (const id of new Set(action.after)) {
        const list = this.#dependents.get(id);
        if (list === undefined) this.#dependents.set(id, [index]);
        else list.push(index);
      }
      if (this.#waitingOn[index] === 0) this.#enqueue(index);
    });
  }

  /** The units to start now, in plan order, counted as running until `finished`. */
  take(limits: Limits): Unit[] {
    const units: Unit[] = [];
    while (this.#total < limits.global) {
      let best: { server: string; kind: UnitKind; index: number } | undefined;
      for (const [server, queues] of this.#ready) {
        if ((this.#running.get(server) ?? 0) >= limits.perServer) continue;
        for (const [kind, heap] of queues) {
          const index = this.#head(heap);
          if (index !== undefined && (best === undefined || index < best.index)) best = { server, kind, index };
        }
      }
      if (best === undefined) break;
      units.push(this.#unit(best.server, best.kind));
      this.#running.set(best.server, (this.#running.get(best.server) ?? 0) + 1);
      this.#total += 1;
    }
    return units;
  }

  /** A unit ended (or was skipped): its slot and its files are free again. */
  finished(unit: Unit): void {
    this.#running.set(unit.server, (this.#running.get(unit.server) ?? 1) - 1);
    this.#total -= 1;
    if (unit.kind !== 'writeBatch') return;
    for (const action of unit.actions) {
      const key = pathKey(action.server, action.path);
      this.#writing.delete(key);
      for (const index of this.#blocked.get(key) ?? []) this.#enqueue(index);
      this.#blocked.delete(key);
    }
  }

  /** An action completed (ok or changed): what waited only for it becomes ready. */
  completed(id: string): void {
    for (const index of this.#dependents.get(id) ?? []) {
      const left = (this.#waitingOn[index] ?? 1) - 1;
      this.#waitingOn[index] = left;
      if (left === 0) this.#enqueue(index);
    }
  }

  #enqueue(index: number): void {
    const action = this.#actions[index];
    if (action === undefined) return;
    const kind = unitKind(action);
    let queues = this.#ready.get(action.server);
    if (queues === undefined) {
      queues = new Map();
      this.#ready.set(action.server, queues);
    }
    let heap = queues.get(kind);
    if (heap === undefined) {
      heap = new MinHeap();
      queues.set(kind, heap);
    }
    heap.push(index);
  }

  /** The first startable position of a queue; writes of a file being written are set aside. */
  #head(heap: MinHeap): number | undefined {
    for (let index = heap.peek(); index !== undefined; index = heap.peek()) {
      const action = this.#actions[index];
      if (action?.kind !== 'writeFile') return index;
      const key = pathKey(action.server, action.path);
      if (!this.#writing.has(key)) return index;
      heap.pop();
      const list = this.#blocked.get(key);
      if (list === undefined) this.#blocked.set(key, [index]);
      else list.push(index);
    }
    return undefined;
  }

  #unit(server: string, kind: UnitKind): Unit {
    const heap = this.#ready.get(server)?.get(kind) ?? new MinHeap();
    const first = this.#actions[heap.pop() ?? -1];
    if (first === undefined) throw new Error('empty ready queue');
    if (kind === 'single') return { kind: 'single', server, action: first };
    const batch = [first];
    if (first.kind === 'writeFile') this.#writing.add(pathKey(server, first.path));
    for (let index = this.#head(heap); index !== undefined && batch.length < MAX_BATCH_FILES; index = this.#head(heap)) {
      const next = this.#actions[heap.pop() ?? -1];
      if (next === undefined) break;
      batch.push(next);
      if (next.kind === 'writeFile') this.#writing.add(pathKey(server, next.path));
    }
    return kind === 'writeBatch'
      ? { kind, server, actions: batch as WriteFileAction[] }
      : { kind, server, actions: batch as EnsureDirAction[] };
  }
}

type UnitKind = Unit['kind'];

function unitKind(action: Action): UnitKind {
  return action.kind === 'writeFile' ? 'writeBatch' : action.kind === 'ensureDir' ? 'dirBatch' : 'single';
}

/** A binary min-heap of plan positions. */
class MinHeap {
  readonly #items: number[] = [];

  peek(): number | undefined {
    return this.#items[0];
  }

  push(value: number): void {
    const items = this.#items;
    items.push(value);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if ((items[parent] ?? 0) <= value) break;
      items[i] = items[parent] ?? 0;
      items[parent] = value;
      i = parent;
    }
  }

  pop(): number | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && (items[left] ?? 0) < (items[smallest] ?? 0)) smallest = left;
      if (right < items.length && (items[right] ?? 0) < (items[smallest] ?? 0)) smallest = right;
      if (smallest === i) break;
      const swap = items[i] ?? 0;
      items[i] = items[smallest] ?? 0;
      items[smallest] = swap;
      i = smallest;
    }
    return top;
  }
}
