import { AegirError, parseAlias, ValidationError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import {
  cancelTask, getTask, listTasks, liveDaemons, readTaskLog, retryTask, TASK_STATUSES,
  type TaskLogEntry, type TaskRecord, type TaskStatus,
} from '../../store/queue/index.js';
import { checkActor, type Actor } from '../actor.js';
import { DAEMON_STALE_MS } from './daemon.js';
import { runEmbedded } from './embedded.js';
import { followTask } from './follow.js';
import type { TaskRunner } from './runner.js';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from './settings.js';

/** A task id as typed: a positive integer. */
export function parseTaskId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new ValidationError('task', value, 'is not a task id (a positive number)');
  return Number(value);
}

export async function showTask(store: Store, actor: Actor, id: number): Promise<TaskRecord> {
  checkActor(actor);
  const task = await getTask(store, id);
  if (task === undefined) throw new AegirError('task_not_found', `no task ${id}`, { exitCode: 2 });
  return task;
}

export async function listQueue(store: Store, actor: Actor, filter: { status?: string; entity?: string; limit?: number }): Promise<TaskRecord[]> {
  checkActor(actor);
  if (filter.status !== undefined && !(TASK_STATUSES as readonly string[]).includes(filter.status)) {
    throw new ValidationError('status', filter.status, `is not one of ${TASK_STATUSES.join(', ')}`);
  }
  return await listTasks(store, {
    ...(filter.status === undefined ? {} : { status: filter.status as TaskStatus }),
    ...(filter.entity === undefined ? {} : { entity: parseAlias('entity', filter.entity) }),
    ...(filter.limit === undefined ? {} : { limit: filter.limit }),
  });
}

export async function taskLog(store: Store, actor: Actor, id: number): Promise<TaskLogEntry[]> {
  await showTask(store, actor, id);
  return await readTaskLog(store, id);
}

export async function cancelQueuedTask(store: Store, actor: Actor, id: number): Promise<TaskRecord> {
  checkActor(actor);
  return await cancelTask(store, id, actor);
}

export async function retryQueuedTask(store: Store, actor: Actor, id: number): Promise<number> {
  checkActor(actor);
  return await retryTask(store, id, actor);
}

export interface AwaitTaskOptions {
  readonly runner: TaskRunner;
  readonly settings?: QueueSettings;
  readonly onEntry: (entry: TaskLogEntry) => void;
  /** Aborting cancels the task when this process runs it. */
  readonly signal?: AbortSignal;
}

/**
 * Waits for a queued task to finish, following its log. A live daemon runs it; without one, this
 * process runs it through the same worker code (the embedded default).
 */
export async function awaitTask(store: Store, id: number, options: AwaitTaskOptions): Promise<{ task: TaskRecord; embedded: boolean }> {
  const embedded = (await liveDaemons(store, DAEMON_STALE_MS)).length === 0;
  const running = embedded
    ? runEmbedded(store, id, options.runner, options.settings ?? DEFAULT_QUEUE_SETTINGS, options.signal)
    : Promise.resolve();
  const [task] = await Promise.all([followTask(store, id, options.onEntry, embedded ? { ended: running } : {}), running]);
  return { task, embedded };
}
