/** Tasks as the queue holds them: plain data, the same on SQLite and PostgreSQL. */

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses a task never leaves. */
export const FINAL_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed', 'cancelled'];

export const LOCK_MODES = ['exclusive', 'shared'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/**
 * An entity a task needs while it runs: `exclusive` on what it changes (its target), `shared` on
 * what it stands on (a site's platform, servers and db server). Two tasks conflict when they name
 * the same entity and either needs it exclusively. `server` locks count toward per-server limits.
 */
export interface TaskLock {
  readonly entity: string;
  readonly mode: LockMode;
  readonly server: boolean;
}

/** Priorities: a person waiting at a terminal goes before the scheduler. */
export const PRIORITY_USER = 100;
export const PRIORITY_SCHEDULED = 0;

export interface TaskRecord {
  readonly id: number;
  readonly verb: string;
  readonly target: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly status: TaskStatus;
  readonly requestedBy: string;
  readonly priority: number;
  readonly dependsOn?: number;
  readonly retryOf?: number;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly leaseOwner?: string;
  readonly leaseExpiresAt?: number;
  readonly attempt: number;
  readonly cancelRequested: boolean;
  readonly locks: readonly TaskLock[];
  /** The redacted plan (JSON data), once planned. */
  readonly plan?: unknown;
  /** The executor's result (per-action results), once finished. */
  readonly result?: unknown;
  readonly error?: string;
}

/** What a new task says: the caller computes its locks from the inventory it just changed. */
export interface NewTask {
  readonly verb: string;
  readonly target: string;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly requestedBy: string;
  readonly priority?: number;
  readonly dependsOn?: number;
  readonly retryOf?: number;
  readonly locks: readonly TaskLock[];
}

/** One row of a task's log: an executor event, or a note of the queue (claimed, recovered...). */
export interface TaskLogEntry {
  readonly taskId: number;
  readonly seq: number;
  readonly attempt: number;
  readonly at: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}
