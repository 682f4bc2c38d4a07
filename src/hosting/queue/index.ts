/** The task queue as the hub uses it: asking for tasks, workers, the daemon, following a task. */
export { DAEMON_STALE_MS, QueueDaemon, type DaemonOptions, type QueueLog } from './daemon.js';
export { runEmbedded } from './embedded.js';
export { followTask } from './follow.js';
export { listenToQueue, type QueueListener } from './pg-listener.js';
export { changeAndRequest, checkWithRegistry, requestTask, type TaskAsk, type TaskCheck } from './request-task.js';
export { runClaimed, type RunClaimedOptions } from './run-claimed.js';
export { hubRunner, plannerRunner, type RunContext, type RunOutput, type TaskRunner } from './runner.js';
export { DEFAULT_QUEUE_SETTINGS, positiveInt, settingsFromEnv, type QueueSettings } from './settings.js';
export { locksFor } from './task-locks.js';
export { earlierRunActed, undoLostRuns } from './recovery.js';
export { serveQueue, type ServeOptions } from './serve.js';
export { checkDeleteRequest, requestDelete, requestInstall, type DeleteRequest, type InstallRequest, type SiteTaskFlags } from './site-requests.js';
export {
  awaitTask, cancelQueuedTask, listQueue, parseTaskId, retryQueuedTask, showTask, taskLog, type AwaitTaskOptions,
} from './task-use-cases.js';
