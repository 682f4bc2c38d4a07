import type { Store } from '../store.js';
import { toLock, toLogEntry, toTask } from './rows.js';
import { queueDb } from './schema.js';
import type { TaskLock, TaskLogEntry, TaskRecord, TaskStatus } from './types.js';

export interface TaskFilter {
  readonly status?: TaskStatus;
  /** Tasks that lock this entity (their target, or what it stands on). */
  readonly entity?: string;
  readonly limit?: number;
}

async function locksOf(store: Store, ids: readonly number[]): Promise<Map<number, TaskLock[]>> {
  const byTask = new Map<number, TaskLock[]>();
  if (ids.length === 0) return byTask;
  const rows = await queueDb(store).selectFrom('task_locks').selectAll().where('task_id', 'in', [...ids]).orderBy('entity').execute();
  for (const row of rows) {
    const list = byTask.get(Number(row.task_id)) ?? [];
    list.push(toLock(row));
    byTask.set(Number(row.task_id), list);
  }
  return byTask;
}

export async function getTask(store: Store, id: number): Promise<TaskRecord | undefined> {
  const row = await queueDb(store).selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return toTask(row, (await locksOf(store, [id])).get(id) ?? []);
}

/** Only a task's status: cheap to poll (the plan and results of a big task are not read). */
export async function getTaskStatus(store: Store, id: number): Promise<TaskRecord['status'] | undefined> {
  const row = await queueDb(store).selectFrom('tasks').select('status').where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : (row.status as TaskRecord['status']);
}

/** Newest first. */
export async function listTasks(store: Store, filter: TaskFilter = {}): Promise<TaskRecord[]> {
  let query = queueDb(store).selectFrom('tasks').selectAll().orderBy('id', 'desc').limit(filter.limit ?? 100);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.entity !== undefined) {
    const entity = filter.entity;
    query = query.where((eb) =>
      eb.or([
        eb('target', '=', entity),
        eb('id', 'in', eb.selectFrom('task_locks').select('task_id').where('entity', '=', entity)),
      ]),
    );
  }
  const rows = await query.execute();
  const locks = await locksOf(store, rows.map((r) => Number(r.id)));
  return rows.map((row) => toTask(row, locks.get(Number(row.id)) ?? []));
}

/** The log of a task after `afterSeq`, in order. */
export async function readTaskLog(store: Store, taskId: number, afterSeq = 0): Promise<TaskLogEntry[]> {
  const rows = await queueDb(store)
    .selectFrom('task_log')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
  return rows.map(toLogEntry);
}
