import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../../store/index.js';
import {
  beatDaemon, claimTasks, recoverExpired, registerDaemon, removeDaemon, type TaskRecord,
} from '../../store/queue/index.js';
import { listenToQueue, type QueueListener } from './pg-listener.js';
import { runClaimed, runClaimedGroup, type RunClaimedOptions } from './run-claimed.js';
import { watchSqliteQueue } from './sqlite-watcher.js';
import type { GroupRunner, TaskRunner } from './runner.js';
import type { QueueSettings } from './settings.js';
import { finishedFields } from './finished-log.js';
import { Waker } from './waker.js';

/** A daemon whose heartbeat is older than this is taken for dead. */
export const DAEMON_STALE_MS = 5_000;

export type QueueLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface DaemonOptions {
  readonly store: Store;
  readonly runner: TaskRunner;
  /**
   * Runs tasks claimed together: queued tasks of these verbs that stand on the same platform and
   * servers are claimed as a group (up to `settings.groupLimit`) and run by `runner` as one.
   */
  readonly group?: { readonly verbs: readonly string[]; readonly runner: GroupRunner };
  readonly settings: QueueSettings;
  /** The PostgreSQL URL to LISTEN on (absent on SQLite). */
  readonly databaseUrl?: string;
  /** The SQLite database file, watched so that a task queued by another process wakes the workers at once. */
  readonly sqliteFile?: string;
  readonly log?: QueueLog;
}

/**
 * The hub daemon's work: N workers claiming tasks with leases, woken by PostgreSQL notifications
 * (or a short poll on SQLite), expired leases recovered at start, and a graceful stop.
 */
export class QueueDaemon {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly waker = new Waker();
  private readonly shutdown = new AbortController();
  /** Aborts when stop() begins: a group's tasks not started yet go back to the queue. */
  private readonly stopRequested = new AbortController();
  private readonly cancelChecks = new Set<(id: number) => void>();
  private readonly workers: Promise<void>[] = [];
  private stopping = false;
  private listener: QueueListener | undefined;
  private beat: NodeJS.Timeout | undefined;

  constructor(private readonly options: DaemonOptions) {}

  private log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    this.options.log?.(level, msg, fields);
  }

  async start(): Promise<void> {
    const { store, settings } = this.options;
    await registerDaemon(store, { id: this.id, workers: settings.workers, exclusive: store.backend === 'sqlite', staleMs: DAEMON_STALE_MS });
    this.beat = setInterval(() => void beatDaemon(store, this.id).catch((e: unknown) => this.log('warn', 'daemon heartbeat failed', { error: String(e) })), Math.min(settings.heartbeatMs, 1000));
    const recovered = await recoverExpired(store, settings.maxAttempts);
    if (recovered.length > 0) this.log('warn', 'recovered tasks whose worker died', { tasks: recovered });
    if (this.options.databaseUrl !== undefined && store.backend === 'postgres') {
      this.listener = await listenToQueue(this.options.databaseUrl, {
        // A task id: one task may have become claimable; none: several may (a recovery).
        onReady: (payload) => (payload === '' ? this.waker.wake() : this.waker.wakeOne()),
        onCancel: (id) => this.cancelChecks.forEach((check) => check(id)),
        onError: (error) => this.log('error', 'queue notifications lost; polling', { error: error.message }),
      });
    }
    if (this.options.sqliteFile !== undefined && store.backend === 'sqlite') {
      this.listener = watchSqliteQueue(this.options.sqliteFile, () => this.waker.wakeOne(), (error) =>
        this.log('warn', 'cannot watch the database file; polling', { error: error.message }));
    }
    for (let i = 0; i < settings.workers; i++) this.workers.push(this.work(`${this.id}:w${i}`));
    this.log('info', 'serving the task queue', { daemon: this.id, backend: store.backend, ...settings });
  }

  private async work(owner: string): Promise<void> {
    const { store, settings, runner } = this.options;
    while (!this.stopping) {
      let tasks: TaskRecord[] = [];
      try {
        tasks = await claimTasks(store, {
          owner, leaseMs: settings.leaseMs, perServerLimit: settings.perServerLimit, maxAttempts: settings.maxAttempts,
          ...(this.options.group && settings.groupLimit > 1 ? { group: { verbs: this.options.group.verbs, limit: settings.groupLimit } } : {}),
        });
      } catch (error) {
        this.log('error', 'claim failed', { worker: owner, error: String(error) });
      }
      const task = tasks[0];
      if (task === undefined) {
        // stop() may have woken the sleepers while this worker was claiming: it must not sleep a poll.
        if (this.stopping) break;
        await this.waker.wait(settings.pollMs);
        continue;
      }
      // There may be more claimable tasks: the next idle worker looks (a chain, not a stampede).
      this.waker.wakeOne();
      const ids = tasks.map((t) => t.id);
      const group = tasks.length > 1 ? { group: ids } : {};
      this.log('info', 'task started', { task: task.id, verb: task.verb, target: task.target, attempt: task.attempt, worker: owner, ...group });
      const started = Date.now();
      const options: RunClaimedOptions = {
        owner,
        leaseMs: settings.leaseMs,
        heartbeatMs: settings.heartbeatMs,
        runner,
        signal: this.shutdown.signal,
        stopping: this.stopRequested.signal,
        onCheckRequest: (id, check) => {
          const listener = (cancelled: number): void => {
            if (cancelled === id) check();
          };
          this.cancelChecks.add(listener);
          return () => this.cancelChecks.delete(listener);
        },
        log: (msg, fields) => this.log('warn', msg, fields),
      };
      const groupRunner = this.options.group?.runner;
      const statuses = await (tasks.length > 1 && groupRunner !== undefined
        ? runClaimedGroup(store, tasks, { ...options, groupRunner })
        : runClaimed(store, task, options).then((status) => [status])
      ).catch((error: unknown) => {
        this.log('error', 'task run failed', { task: task.id, error: String(error) });
        return ids.map(() => 'failed' as const);
      });
      for (const [i, t] of tasks.entries()) {
        const status = statuses[i] ?? 'lost';
        const ms = Date.now() - started;
        this.log(status === 'succeeded' ? 'info' : 'warn', 'task finished', { task: t.id, status, ms, worker: owner, ...group, ...(await finishedFields(store, t.id, status)) });
      }
      // Locks were freed: another worker may be able to start a waiting task.
      this.waker.wake();
    }
  }

  /**
   * Stops claiming; running tasks have `timeoutMs` to finish, then they are cancelled (rolled back).
   */
  async stop(timeoutMs = this.options.settings.shutdownTimeoutMs): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stopRequested.abort();
    this.waker.wake();
    this.log('info', 'stopping: no new tasks; waiting for running ones', { timeoutMs });
    const all = Promise.all(this.workers);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.log('warn', 'shutdown timeout: cancelling running tasks');
      this.shutdown.abort();
      await all;
    }
    clearInterval(this.beat);
    await this.listener?.close();
    await removeDaemon(this.options.store, this.id).catch(() => undefined);
    this.log('info', 'stopped', { daemon: this.id });
  }
}
