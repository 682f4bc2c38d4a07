/**
 * Install throughput: N installs queued at once across the cluster, run by `aegir serve` with its
 * default settings. Each site is added and its install queued in one transaction, as
 * `aegir install <uri> --platform @php --db @db1 --no-wait` does, but in this process: N CLI
 * start-ups (about 0.7 s each) would be what is measured otherwise. The clock runs from just before
 * the first is queued until every task has ended and every installed site answers 200 through web1.
 */
import { requestInstall } from '../../src/hosting/index.js';
import type { Store } from '../../src/store/index.js';
import { FINAL_STATUSES, getTask, getTaskStatus, type TaskRecord, type TaskStatus } from '../../src/store/queue/index.js';
import { startDaemon } from '../lib/daemon.js';
import { DB_HOST, HEADS, PLATFORM, type BenchEnv } from '../lib/env.js';
import { httpStatus } from '../lib/http.js';
import { siteUris } from '../lib/sites.js';
import { percentile } from '../lib/stats.js';

const ACTOR = 'cli:bench';
/** How often unfinished tasks are looked at; small next to an install, cheap next to the daemon's work. */
const POLL_MS = 20;
/** HTTP probes at once, so that the probes do not load the web head the installs run on. */
const PROBES = 8;

export interface ThroughputFailure {
  readonly task: number;
  readonly site: string;
  readonly status: TaskStatus;
  readonly error: string;
}

export interface ThroughputResult {
  readonly sites: number;
  readonly wallMs: number;
  readonly sitesPerSecond: number;
  /** Time to queue all N (inside the wall time). */
  readonly queueMs: number;
  readonly succeeded: number;
  readonly failed: readonly ThroughputFailure[];
  /** Reload actions that ran (`changed`), per web head; a run shared by several tasks counts once. */
  readonly reloads: Record<string, number>;
  /** Each task's queued → finished time. */
  readonly taskMs: { readonly p50: number; readonly p95: number; readonly samples: readonly number[] };
  /** Each task's queued → started time. */
  readonly waitMs: { readonly p50: number; readonly p95: number };
  /** Tasks started at the same moment (claimed together), in order: how many, and when they started and ended (ms after the first was queued). */
  readonly runs: readonly { readonly tasks: number; readonly startMs: number; readonly endMs: number }[];
  /** Time spent in actions by kind, summed over the distinct actions of all runs (they overlap). */
  readonly actionMsByKind: Record<string, number>;
  /** What the daemon announced it runs with. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The daemon's warn and error log lines. */
  readonly daemonProblems: readonly Record<string, unknown>[];
}

interface ActionJson {
  readonly id: string;
  readonly server: string;
  readonly kind: string;
  readonly status: string;
  readonly startedAt?: number;
  readonly durationMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function installThroughput(env: BenchEnv, count: number, log: (line: string) => void, timeoutMs = 15 * 60_000): Promise<ThroughputResult> {
  const uris = siteUris('t', count);
  const daemon = await startDaemon(env.hub);
  log(`  aegir serve (pid ${daemon.pid}): ${JSON.stringify(daemon.settings)}`);
  try {
    return await env.hub.withStore(async (store) => {
      const started = performance.now();
      const sites = new Map<number, string>();
      for (const uri of uris) {
        const { taskId } = await requestInstall(store, ACTOR, { site: uri, add: { uri, platform: PLATFORM, db: `@${DB_HOST}` } });
        sites.set(taskId, uri);
      }
      const queueMs = performance.now() - started;
      log(`  ${count} installs queued in ${Math.round(queueMs)} ms`);
      await waitForAll(env, store, sites, daemon.alive, started, timeoutMs);
      const wallMs = performance.now() - started;
      const tasks = await Promise.all([...sites.keys()].map(async (id) => {
        const task = await getTask(store, id);
        if (task === undefined) throw new Error(`task ${id} is gone`);
        return task;
      }));
      return summarise(tasks, sites, { wallMs, queueMs, settings: daemon.settings, daemonProblems: daemon.problems });
    });
  } finally {
    await daemon.stop();
  }
}

/** Until every task has ended and every site whose install succeeded answers 200 through web1. */
async function waitForAll(env: BenchEnv, store: Store, sites: ReadonlyMap<number, string>, alive: () => boolean, started: number, timeoutMs: number): Promise<void> {
  const pending = new Set(sites.keys());
  const unanswered: string[] = [];
  while (pending.size > 0 || unanswered.length > 0) {
    if (performance.now() - started > timeoutMs) {
      throw new Error(`install throughput: after ${timeoutMs} ms, ${pending.size} tasks not ended, ${unanswered.length} sites not answering`);
    }
    if (!alive()) throw new Error('aegir serve exited while installs were queued');
    for (const id of [...pending]) {
      const status = await getTaskStatus(store, id);
      if (status === undefined || !FINAL_STATUSES.includes(status)) continue;
      pending.delete(id);
      if (status === 'succeeded') unanswered.push(sites.get(id) ?? '');
    }
    const batch = unanswered.splice(0, PROBES);
    const answers = await Promise.all(batch.map((uri) => httpStatus(env.address(HEADS[0]), uri)));
    batch.forEach((uri, i) => {
      if (answers[i] !== 200) unanswered.push(uri);
    });
    if (batch.length === 0 || answers.some((code) => code !== 200)) await sleep(POLL_MS);
  }
}

function summarise(
  tasks: readonly TaskRecord[],
  sites: ReadonlyMap<number, string>,
  run: Pick<ThroughputResult, 'wallMs' | 'queueMs' | 'settings' | 'daemonProblems'>,
): ThroughputResult {
  const failed = tasks.filter((t) => t.status !== 'succeeded').map((t) => ({
    task: t.id, site: sites.get(t.id) ?? t.target, status: t.status, error: t.error ?? '(no error recorded)',
  }));
  const { reloads, actionMsByKind } = countActions(tasks);
  const since = (t: TaskRecord, at: string | undefined): number => (at === undefined ? Number.NaN : Date.parse(at) - Date.parse(t.createdAt));
  const taskSamples = tasks.map((t) => since(t, t.finishedAt));
  const waitSamples = tasks.map((t) => since(t, t.startedAt)).filter(Number.isFinite);
  return {
    sites: tasks.length,
    ...run,
    sitesPerSecond: tasks.length / (run.wallMs / 1000),
    succeeded: tasks.length - failed.length,
    failed,
    reloads,
    runs: runsOf(tasks),
    actionMsByKind,
    taskMs: { p50: percentile(taskSamples, 50), p95: percentile(taskSamples, 95), samples: taskSamples },
    waitMs: { p50: percentile(waitSamples, 50), p95: percentile(waitSamples, 95) },
  };
}

/** Reloads per web head and time by action kind; tasks run together may share one result, so an action counts once (by server, id and start). */
function countActions(tasks: readonly TaskRecord[]): Pick<ThroughputResult, 'reloads' | 'actionMsByKind'> {
  const seen = new Set<string>();
  const reloads: Record<string, number> = Object.fromEntries(HEADS.map((h) => [h, 0]));
  const actionMsByKind: Record<string, number> = {};
  for (const task of tasks) {
    const actions = ((task.result as { actions?: readonly ActionJson[] } | undefined)?.actions) ?? [];
    for (const a of actions) {
      const key = `${a.server}|${a.id}|${a.startedAt ?? ''}`;
      if (a.startedAt === undefined || seen.has(key)) continue;
      seen.add(key);
      actionMsByKind[a.kind] = (actionMsByKind[a.kind] ?? 0) + (a.durationMs ?? 0);
      const head = a.server.replace(/^@/, '');
      if (a.kind === 'reload' && a.status === 'changed' && head in reloads) reloads[head] = (reloads[head] ?? 0) + 1;
    }
  }
  return { reloads, actionMsByKind };
}

/** Tasks that started at the same moment were claimed together: one run. */
function runsOf(tasks: readonly TaskRecord[]): ThroughputResult['runs'] {
  const first = Math.min(...tasks.map((t) => Date.parse(t.createdAt)));
  const byStart = new Map<string, TaskRecord[]>();
  for (const task of tasks) byStart.set(task.startedAt ?? '', [...(byStart.get(task.startedAt ?? '') ?? []), task]);
  return [...byStart.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([start, group]) => ({
    tasks: group.length,
    startMs: Date.parse(start) - first,
    endMs: Math.max(...group.map((t) => Date.parse(t.finishedAt ?? '') - first)),
  }));
}
