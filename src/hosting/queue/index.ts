/** The task queue's workers: the daemon, a claimed task's run, recovery, following a task's log. */
export { DAEMON_STALE_MS, QueueDaemon, type DaemonOptions, type QueueLog } from './daemon.js';
export { runEmbedded } from './embedded.js';
export { followTask } from './follow.js';
export { listenToQueue, type QueueListener } from './pg-listener.js';
export { runClaimed, type RunClaimedOptions } from './run-claimed.js';
export { requestOf } from './request-of.js';
export { hubRunner, plannerRunner, type GroupRunContext, type GroupRunner, type RunContext, type RunOutput, type TaskRunner } from './runner.js';
export { DEFAULT_QUEUE_SETTINGS, positiveInt, settingsFromEnv, type QueueSettings } from './settings.js';
export { earlierRunActed, undoLostRuns } from './recovery.js';
export { serveQueue, type ServeOptions } from './serve.js';
