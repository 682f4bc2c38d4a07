/**
 * Dispatch latency: from the moment a task is enqueued to the moment an idle `aegir serve` starts
 * running it (its `plan-start` event), on SQLite and on PostgreSQL. The daemon is this file run
 * with `--serve` (the real daemon code, with a `noop` task verb), in a process of its own; the
 * tasks are enqueued one at a time from this process, each after the previous one finished and
 * the daemon went idle again.
 *
 *   npx tsc -p bench/tsconfig.json && node dist-check/bench-build/bench/dispatch.js [--tasks 50] [--sqlite-only]
 *
 * `measureDispatch(options)` returns the figures for the bench harness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { plannerRunner, requestTask, serveQueue, settingsFromEnv } from '../src/hosting/index.js';
import type { Server } from '../src/model/index.js';
import { createPlan } from '../src/plan/index.js';
import { openStore, type Store, type StoreBackend } from '../src/store/index.js';
import { getTask, readTaskLog } from '../src/store/queue/index.js';
import { LocalTransport } from '../src/transport/local.js';
import { createTestDatabase, stopTestPostgres } from '../test/support/postgres.js';

export interface DispatchOptions {
  /** Tasks measured per backend (default 50), after 5 unmeasured ones. */
  readonly tasks?: number;
  readonly backends?: readonly StoreBackend[];
  /** A PostgreSQL database to use; default a throwaway server and database. */
  readonly databaseUrl?: string;
  /** Progress lines (default none). */
  readonly log?: (line: string) => void;
}

export interface DispatchFigures {
  readonly backend: StoreBackend;
  readonly n: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** The median time of the enqueue call itself (the transaction that queues the task), part of the above. */
  readonly enqueueP50Ms: number;
  /** Every sample, in ms, in the order measured. */
  readonly samples: readonly number[];
}

const THIS_FILE = fileURLToPath(import.meta.url);
const WARMUP = 5;
const BENCH_SERVER = {
  alias: '@bench', host: '127.0.0.1', sshPort: 22, sshUser: 'root',
  services: { http: { impl: 'null', settings: {} }, db: { impl: 'null', settings: {} }, files: { impl: 'local', settings: {} } },
} as unknown as Server;

function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The daemon: `aegir serve` with one task verb, `noop`, whose plan is empty. */
async function serve(): Promise<void> {
  await serveQueue({
    home: process.env.AEGIR_HOME as string,
    databaseUrl: process.env.AEGIR_DATABASE_URL || undefined,
    settings: settingsFromEnv(process.env),
    runner: () => plannerRunner({ noop: (task) => createPlan(`noop ${task.target}`, []) }, (server) => new LocalTransport(server)),
  });
}

function startDaemon(home: string, databaseUrl: string | undefined): Promise<ChildProcess> {
  const child = spawn(process.execPath, [THIS_FILE, '--serve'], {
    // The default poll (1 s): what is measured is the wake-up, not the polling.
    env: { PATH: process.env.PATH, AEGIR_HOME: home, AEGIR_DATABASE_URL: databaseUrl ?? '', AEGIR_WORKERS: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('serving the task queue')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the bench daemon exited (${code}): ${err || out}`)));
  });
}

/** One task, enqueued now: ms from the enqueue call to the daemon's plan-start, and of the enqueue call itself. */
async function measureOne(store: Store): Promise<{ total: number; enqueue: number }> {
  const enqueuedAt = Date.now();
  const id = await requestTask(store, 'bench:dispatch', { verb: 'noop', target: '@bench' }, () => undefined);
  const committedAt = Date.now();
  for (let i = 0; ; i++) {
    const task = await getTask(store, id);
    if (task !== undefined && ['succeeded', 'failed', 'cancelled'].includes(task.status)) {
      if (task.status !== 'succeeded') throw new Error(`bench task ${id} ${task.status}: ${task.error ?? ''}`);
      break;
    }
    if (i > 2000) throw new Error(`bench task ${id} did not finish`);
    await sleep(5);
  }
  const log = await readTaskLog(store, id);
  const start = log.find((entry) => entry.type === 'plan-start');
  if (start === undefined) throw new Error(`bench task ${id} has no plan-start`);
  return { total: start.at - enqueuedAt, enqueue: committedAt - enqueuedAt };
}

async function measureBackend(backend: StoreBackend, options: DispatchOptions): Promise<DispatchFigures> {
  const home = mkdtempSync(join(tmpdir(), 'aegir-bench-dispatch-'));
  const databaseUrl = backend === 'postgres' ? options.databaseUrl ?? (await createTestDatabase()) : undefined;
  const store = await openStore({ home, databaseUrl });
  let daemon: ChildProcess | undefined;
  try {
    await store.servers.insert(BENCH_SERVER);
    daemon = await startDaemon(home, databaseUrl);
    const samples: number[] = [];
    const enqueues: number[] = [];
    const total = options.tasks ?? 50;
    for (let i = 0; i < WARMUP + total; i++) {
      // Let the daemon go idle (its workers asleep) before each task.
      await sleep(20 + Math.floor(Math.random() * 30));
      const ms = await measureOne(store);
      if (i >= WARMUP) {
        samples.push(ms.total);
        enqueues.push(ms.enqueue);
      }
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const figures = {
      backend, n: samples.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95),
      minMs: sorted[0] ?? Number.NaN, maxMs: sorted.at(-1) ?? Number.NaN,
      enqueueP50Ms: percentile([...enqueues].sort((a, b) => a - b), 50), samples,
    };
    options.log?.(`${backend}: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms over ${figures.n} tasks`);
    return figures;
  } finally {
    if (daemon !== undefined && daemon.exitCode === null) {
      const exited = new Promise((resolve) => daemon?.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
    }
    await store.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Enqueue-to-start latency with an idle daemon, per backend. */
export async function measureDispatch(options: DispatchOptions = {}): Promise<DispatchFigures[]> {
  const results: DispatchFigures[] = [];
  try {
    for (const backend of options.backends ?? ['sqlite', 'postgres']) results.push(await measureBackend(backend, options));
  } finally {
    if (options.databaseUrl === undefined) await stopTestPostgres();
  }
  return results;
}

/** The figures as a small table. */
export function dispatchTable(figures: readonly DispatchFigures[]): string {
  const rows = [['backend', 'tasks', 'p50 ms', 'p95 ms', 'min ms', 'max ms', 'of which enqueue p50 ms'],
    ...figures.map((f) => [f.backend, String(f.n), String(f.p50Ms), String(f.p95Ms), String(f.minMs), String(f.maxMs), String(f.enqueueP50Ms)])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--serve')) return await serve();
  const at = argv.indexOf('--tasks');
  const tasks = at >= 0 ? Number(argv[at + 1]) : 50;
  const figures = await measureDispatch({
    tasks, backends: argv.includes('--sqlite-only') ? ['sqlite'] : ['sqlite', 'postgres'], log: (line) => console.error(line),
  });
  console.log(`dispatch latency: enqueue to start, idle daemon (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'})`);
  console.log(dispatchTable(figures));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
