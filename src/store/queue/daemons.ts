import { hostname } from 'node:os';
import { AegirError } from '../../model/errors.js';
import type { Store } from '../store.js';
import { queueDb } from './schema.js';

export interface DaemonInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly workers: number;
  readonly heartbeatAt: number;
}

/** A daemon is live when it beat recently, and, on this machine, when its process exists. */
function isLive(row: { host: string; pid: number | string; heartbeat_at: number | string }, staleMs: number, now: number): boolean {
  if (now - Number(row.heartbeat_at) > staleMs) return false;
  if (row.host !== hostname()) return true;
  try {
    process.kill(Number(row.pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function liveDaemons(store: Store, staleMs: number): Promise<DaemonInfo[]> {
  const now = Date.now();
  const rows = await queueDb(store).selectFrom('queue_daemons').selectAll().execute();
  return rows
    .filter((row) => isLive(row, staleMs, now))
    .map((row) => ({ id: row.id, host: row.host, pid: Number(row.pid), workers: Number(row.workers), heartbeatAt: Number(row.heartbeat_at) }));
}

/**
 * Records a daemon serving the queue. With `exclusive` (SQLite: one daemon per hub) a live other
 * daemon is refused; dead ones are forgotten.
 */
export async function registerDaemon(
  store: Store,
  daemon: { id: string; workers: number; exclusive: boolean; staleMs: number },
): Promise<void> {
  await store.transaction(async (tx) => {
    const db = queueDb(tx);
    const now = Date.now();
    const rows = await db.selectFrom('queue_daemons').selectAll().execute();
    const dead = rows.filter((row) => !isLive(row, daemon.staleMs, now)).map((row) => row.id);
    if (dead.length > 0) await db.deleteFrom('queue_daemons').where('id', 'in', dead).execute();
    const live = rows.find((row) => !dead.includes(row.id));
    if (daemon.exclusive && live !== undefined) {
      throw new AegirError(
        'daemon_running',
        `another 'aegir serve' (pid ${live.pid} on ${live.host}) already serves this hub; a SQLite hub runs one daemon (use PostgreSQL for several)`,
      );
    }
    await db.insertInto('queue_daemons').values({
      id: daemon.id, host: hostname(), pid: process.pid, workers: daemon.workers, started_at: new Date(now).toISOString(), heartbeat_at: now,
    }).execute();
  });
}

export async function beatDaemon(store: Store, id: string): Promise<void> {
  await queueDb(store).updateTable('queue_daemons').set({ heartbeat_at: Date.now() }).where('id', '=', id).execute();
}

export async function removeDaemon(store: Store, id: string): Promise<void> {
  await queueDb(store).deleteFrom('queue_daemons').where('id', '=', id).execute();
}
