import type { Selectable } from 'kysely';
import { AegirError } from '../../model/errors.js';
import type { TaskLocksTable, TaskLogTable, TasksTable } from './schema.js';
import { TASK_STATUSES, type LockMode, type TaskLock, type TaskLogEntry, type TaskRecord, type TaskStatus } from './types.js';

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AegirError('store_corrupt', `stored ${what} is not JSON`, { cause: error });
  }
}

function toStatus(value: string): TaskStatus {
  if ((TASK_STATUSES as readonly string[]).includes(value)) return value as TaskStatus;
  throw new AegirError('store_corrupt', `unknown task status '${value}'`);
}

export function toLock(row: Pick<TaskLocksTable, 'entity' | 'mode' | 'is_server'>): TaskLock {
  return { entity: row.entity, mode: row.mode as LockMode, server: Number(row.is_server) === 1 };
}

export function toTask(row: Selectable<TasksTable>, locks: readonly TaskLock[]): TaskRecord {
  const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
    (value === null ? {} : { [key]: value }) as { [P in K]?: V };
  return {
    id: Number(row.id),
    verb: row.verb,
    target: row.target,
    args: parseJson(row.args, `arguments of task ${row.id}`) as Record<string, unknown>,
    status: toStatus(row.status),
    requestedBy: row.requested_by,
    priority: Number(row.priority),
    ...optional('dependsOn', row.depends_on === null ? null : Number(row.depends_on)),
    ...optional('retryOf', row.retry_of === null ? null : Number(row.retry_of)),
    createdAt: row.created_at,
    ...optional('startedAt', row.started_at),
    ...optional('finishedAt', row.finished_at),
    ...optional('leaseOwner', row.lease_owner),
    ...optional('leaseExpiresAt', row.lease_expires_at === null ? null : Number(row.lease_expires_at)),
    attempt: Number(row.attempt),
    cancelRequested: Number(row.cancel_requested) === 1,
    locks,
    ...optional('plan', row.plan === null ? null : parseJson(row.plan, `plan of task ${row.id}`)),
    ...optional('result', row.result === null ? null : parseJson(row.result, `result of task ${row.id}`)),
    ...optional('error', row.error),
  };
}

export function toLogEntry(row: Selectable<TaskLogTable>): TaskLogEntry {
  return {
    taskId: Number(row.task_id),
    seq: Number(row.seq),
    attempt: Number(row.attempt),
    at: Number(row.at),
    type: row.type,
    data: parseJson(row.data, `log entry ${row.seq} of task ${row.task_id}`) as Record<string, unknown>,
  };
}
