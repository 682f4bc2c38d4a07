import { AegirError, parseAlias, ValidationError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import {
  cancelTask, getTask, listTasks, liveDaemons, readTaskLog, retryTask, TASK_STATUSES,
  type TaskLogEntry, type TaskRecord, type TaskStatus,
} from '../../store/queue/index.js';
import { checkActor, type Actor } from '../actor.js';
import { DAEMON_STALE_MS } from '../queue/daemon.js';
import { runEmbedded } from '../queue/embedded.js';
import { followTask } from '../queue/follow.js';
import { hubRunner, type TaskRunner } from '../queue/runner.js';
import { settingsFromEnv, type QueueSettings } from '../queue/settings.js';

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
  readonly onEntry: (entry: TaskLogEntry) => void;
  /** Aborting cancels the task when this process runs it. */
  readonly signal?: AbortSignal;
  /** How this process runs it when no daemon serves the hub; default the hub's own runner. */
  readonly runner?: TaskRunner;
  /** Default: from the environment (AEGIR_QUEUE_*). */
  readonly settings?: QueueSettings;
}

/**
 * Waits for a queued task to finish, following its log (every face that queues a task and waits
 * for it comes here). A live daemon runs it; without one, this process runs it through the same
 * worker code (the embedded default).
 */
export async function awaitTask(store: Store, home: string, id: number, options: AwaitTaskOptions): Promise<{ task: TaskRecord; embedded: boolean }> {
  const embedded = (await liveDaemons(store, DAEMON_STALE_MS)).length === 0;
  const runner = options.runner ?? hubRunner(store, home);
  const running = embedded
    ? runEmbedded(store, id, runner, options.settings ?? settingsFromEnv(process.env), options.signal)
    : Promise.resolve();
  const [task] = await Promise.all([followTask(store, id, options.onEntry, embedded ? { ended: running } : {}), running]);
  return { task, embedded };
}
