/** The task queue's tables: enqueue, claim with leases, fenced writes, logs, control, daemons. */
export { claimTask, claimTasks, type ClaimOptions } from './claim.js';
export { cancelTask, retryTask } from './control.js';
export { beatDaemon, liveDaemons, registerDaemon, removeDaemon, type DaemonInfo } from './daemons.js';
export { enqueueTask } from './enqueue.js';
export { appendLogLines, type LogLine } from './log-append.js';
export { notifyQueue, QUEUE_CHANNELS, type QueueChannel } from './notify.js';
export { getTask, getTaskStatus, listTasks, readTaskLog, type TaskFilter } from './read.js';
export { recoverExpired } from './recover.js';
export { appendFencedLog, finishTask, recordPlan, releaseTask, renewLease, renewLeases, type Fence, type LeaseState, type Outcome } from './run-writes.js';
export * from './types.js';
