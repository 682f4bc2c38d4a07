import { sql } from 'kysely';
import type { Store } from '../store.js';

/** PostgreSQL channels the queue notifies; SQLite has none (its single daemon polls briefly). */
export const QUEUE_CHANNELS = {
  /** A task may have become claimable: enqueued, finished (locks freed), recovered. */
  ready: 'aegir_task_ready',
  /** A running task was asked to stop; the payload is its id. */
  cancel: 'aegir_task_cancel',
} as const;

export type QueueChannel = (typeof QUEUE_CHANNELS)[keyof typeof QUEUE_CHANNELS];

/** Notifies listeners on commit of the transaction `store` is in (PostgreSQL only). */
export async function notifyQueue(store: Store, channel: QueueChannel, payload = ''): Promise<void> {
  if (store.backend !== 'postgres') return;
  await sql`select pg_notify(${channel}, ${payload})`.execute(store.db);
}
