import { ValidationError } from '../../model/index.js';

/** How the queue's workers behave; every value has a default and can be set per daemon. */
export interface QueueSettings {
  /** Workers (tasks at once) in one daemon. */
  readonly workers: number;
  /** A claim holds a task this long unless renewed. */
  readonly leaseMs: number;
  /** Renew the lease (and look for a cancel request) this often. */
  readonly heartbeatMs: number;
  /** Look for work this often when nothing woke the workers (SQLite; a safety net on PostgreSQL). */
  readonly pollMs: number;
  /** Running tasks at once on one server. */
  readonly perServerLimit: number;
  /** Runs lost to dead workers before a task is given up as failed. */
  readonly maxAttempts: number;
  /** On shutdown, running tasks have this long to finish before they are cancelled. */
  readonly shutdownTimeoutMs: number;
  /**
   * At most this many like tasks queued on one platform (installs) are claimed and run together,
   * sharing one placement, one config test and one reload per server; 1 runs every task alone.
   */
  readonly groupLimit: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  workers: 4,
  leaseMs: 30_000,
  heartbeatMs: 1_000,
  pollMs: 1_000,
  perServerLimit: 4,
  maxAttempts: 3,
  shutdownTimeoutMs: 30_000,
  groupLimit: 200,
};

/** Reads a positive integer setting (flag or environment variable). */
export function positiveInt(field: string, value: string | number | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ValidationError(field, String(value), 'must be a positive integer');
  return n;
}

/** Settings from `AEGIR_QUEUE_*` variables over the defaults. */
export function settingsFromEnv(env: NodeJS.ProcessEnv, base: QueueSettings = DEFAULT_QUEUE_SETTINGS): QueueSettings {
  return {
    workers: positiveInt('AEGIR_WORKERS', env.AEGIR_WORKERS, base.workers),
    leaseMs: positiveInt('AEGIR_QUEUE_LEASE_MS', env.AEGIR_QUEUE_LEASE_MS, base.leaseMs),
    heartbeatMs: positiveInt('AEGIR_QUEUE_HEARTBEAT_MS', env.AEGIR_QUEUE_HEARTBEAT_MS, base.heartbeatMs),
    pollMs: positiveInt('AEGIR_QUEUE_POLL_MS', env.AEGIR_QUEUE_POLL_MS, base.pollMs),
    perServerLimit: positiveInt('AEGIR_PER_SERVER_TASKS', env.AEGIR_PER_SERVER_TASKS, base.perServerLimit),
    maxAttempts: positiveInt('AEGIR_QUEUE_MAX_ATTEMPTS', env.AEGIR_QUEUE_MAX_ATTEMPTS, base.maxAttempts),
    shutdownTimeoutMs: positiveInt('AEGIR_SHUTDOWN_TIMEOUT_MS', env.AEGIR_SHUTDOWN_TIMEOUT_MS, base.shutdownTimeoutMs),
    groupLimit: positiveInt('AEGIR_QUEUE_GROUP', env.AEGIR_QUEUE_GROUP, base.groupLimit),
  };
}
