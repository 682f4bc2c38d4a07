import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../../store/index.js';
import { claimTask, FINAL_STATUSES, getTask } from '../../store/queue/index.js';
import { runClaimed } from './run-claimed.js';
import type { TaskRunner } from './runner.js';
import type { QueueSettings } from './settings.js';

/**
 * Runs one queued task in this process when no daemon serves the hub (the CLI's default): waits
 * until the queue lets it start (its locks, its dependency), claims it with a lease like any worker,
 * and runs it. Returns when the task is finished, whoever ran it.
 */
export async function runEmbedded(
  store: Store,
  taskId: number,
  runner: TaskRunner,
  settings: Pick<QueueSettings, 'leaseMs' | 'heartbeatMs' | 'perServerLimit' | 'maxAttempts'>,
  signal?: AbortSignal,
): Promise<void> {
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}:cli`;
  for (;;) {
    const task = await claimTask(store, { owner, leaseMs: settings.leaseMs, perServerLimit: settings.perServerLimit, maxAttempts: settings.maxAttempts, onlyTaskId: taskId });
    if (task !== undefined) {
      await runClaimed(store, task, { owner, runner, leaseMs: settings.leaseMs, heartbeatMs: settings.heartbeatMs, ...(signal ? { signal } : {}) });
      return;
    }
    const current = await getTask(store, taskId);
    if (current === undefined || FINAL_STATUSES.includes(current.status)) return;
    await new Promise((resolve) => setTimeout(resolve, current.status === 'running' ? 200 : 100));
  }
}
