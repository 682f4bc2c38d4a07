import type { Store } from '../../store/index.js';
import { liveDaemons } from '../../store/queue/index.js';
import { DAEMON_STALE_MS } from './daemon.js';

/** True when some `aegir serve` of this hub has beaten its heart lately: queued tasks will run. */
export async function isDaemonRunning(store: Store): Promise<boolean> {
  return (await liveDaemons(store, DAEMON_STALE_MS)).length > 0;
}

/** What a person is told when a task they queued waits for a daemon that is not there. */
export function noDaemonNotice(taskId: number): string {
  return `no 'aegir serve' is running on this hub: task ${taskId} waits in the queue, and nothing runs it until 'aegir serve' starts`;
}
