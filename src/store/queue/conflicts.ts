import type { TaskLock } from './types.js';

/** Entities held by a set of tasks, and how (exclusive wins). */
export class LockTable {
  private readonly held = new Map<string, 'exclusive' | 'shared'>();

  add(locks: readonly TaskLock[]): void {
    for (const lock of locks) {
      if (this.held.get(lock.entity) !== 'exclusive') this.held.set(lock.entity, lock.mode);
    }
  }

  /** Whether a task needing `locks` conflicts with what is held: same entity, one of them exclusive. */
  conflicts(locks: readonly TaskLock[]): boolean {
    return locks.some((lock) => {
      const mode = this.held.get(lock.entity);
      return mode !== undefined && (mode === 'exclusive' || lock.mode === 'exclusive');
    });
  }
}
