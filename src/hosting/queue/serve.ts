import { join } from 'node:path';
import { pino } from 'pino';
import { openStore, SQLITE_FILE, type Store } from '../../store/index.js';
import { QueueDaemon, type QueueLog } from './daemon.js';
import { groupableVerbs } from '../tasks/registry.js';
import { hubGroupRunner } from './group-runner.js';
import { hubRunner, type TaskRunner } from './runner.js';
import type { QueueSettings } from './settings.js';

export interface ServeOptions {
  readonly home: string;
  readonly databaseUrl: string | undefined;
  readonly settings: QueueSettings;
  /** How tasks run; the hub's task registry by default. */
  readonly runner?: (store: Store) => TaskRunner;
  /** Where the JSON log lines go (default standard output). */
  readonly destination?: NodeJS.WritableStream;
  /** Resolves once the daemon serves (tests, and a readiness line for supervisors). */
  readonly onReady?: (daemon: QueueDaemon) => void;
}

/**
 * `aegir serve`: opens the hub database, runs the queue daemon until SIGTERM or SIGINT, then stops
 * it gracefully (no new tasks; running ones finish within the timeout, else are cancelled).
 * Logs JSON lines (pino).
 */
export async function serveQueue(options: ServeOptions): Promise<void> {
  const logger = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, options.destination ?? process.stdout);
  const log: QueueLog = (level, msg, fields) => logger[level](fields ?? {}, msg);
  const store = await openStore({ home: options.home, databaseUrl: options.databaseUrl });
  const runner = (options.runner ?? ((s) => hubRunner(s, options.home)))(store);
  const daemon = new QueueDaemon({
    store,
    runner,
    // The hub's own tasks: installs queued on one platform run together.
    ...(options.runner === undefined ? { group: { verbs: groupableVerbs(), runner: hubGroupRunner(store, options.home, runner) } } : {}),
    settings: options.settings,
    log,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(store.backend === 'sqlite' ? { sqliteFile: join(options.home, SQLITE_FILE) } : {}),
  });
  // Signal handlers go in before the daemon announces itself: a supervisor (or a test) that sends
  // SIGTERM as soon as it reads "serving the task queue" must get a graceful stop, never the default kill.
  let signalled: NodeJS.Signals | undefined;
  let onStopSignal: (signal: NodeJS.Signals) => void = (signal) => (signalled = signal);
  const onSignal = (signal: NodeJS.Signals): void => onStopSignal(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    try {
      await daemon.start();
    } catch (error) {
      await store.close();
      throw error;
    }
    options.onReady?.(daemon);
    await new Promise<void>((resolve) => {
      onStopSignal = (signal) => {
        // A second signal takes the default action (an impatient operator's second Ctrl-C kills).
        process.removeListener('SIGTERM', onSignal);
        process.removeListener('SIGINT', onSignal);
        log('info', 'signal received', { signal });
        void daemon.stop().finally(resolve);
      };
      if (signalled !== undefined) onStopSignal(signalled);
    });
  } finally {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  }
  await store.close();
}
