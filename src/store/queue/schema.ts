import type { Kysely } from 'kysely';
import type { Store } from '../store.js';

/** The queue's tables, as kysely sees them (migration 0003-tasks). */
// A type alias (not an interface) so that it satisfies kysely's Record constraint.
export type QueueSchema = {
  tasks: TasksTable;
  task_locks: TaskLocksTable;
  task_log: TaskLogTable;
  queue_daemons: QueueDaemonsTable;
};

export interface TasksTable {
  id: number;
  verb: string;
  target: string;
  /** JSON object. */
  args: string;
  status: string;
  requested_by: string;
  priority: number;
  depends_on: number | null;
  retry_of: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  lease_owner: string | null;
  /** Epoch ms (bigint: PostgreSQL returns it as a string). */
  lease_expires_at: number | string | null;
  /** How many times a worker claimed it: the fencing token of every write a run makes. */
  attempt: number;
  cancel_requested: number;
  /** The plan, redacted, as JSON. */
  plan: string | null;
  /** The executor's PlanResult (per-action results), as JSON. */
  result: string | null;
  error: string | null;
}

export interface TaskLocksTable {
  task_id: number;
  entity: string;
  mode: string;
  is_server: number;
}

export interface TaskLogTable {
  task_id: number;
  seq: number;
  attempt: number;
  at: number | string;
  type: string;
  data: string;
}

export interface QueueDaemonsTable {
  id: string;
  host: string;
  pid: number;
  workers: number;
  started_at: string;
  heartbeat_at: number | string;
}

/** The store's connection (or open transaction), typed with the queue's tables. */
export function queueDb(store: Store): Kysely<QueueSchema> {
  return store.db.withTables<QueueSchema>() as unknown as Kysely<QueueSchema>;
}
