/**
 * `aegir serve` with the hub's environment, as an operator runs it: started, ready once it logs
 * "serving the task queue" (that line carries the queue settings it runs with), stopped by SIGTERM.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN, type BenchHub } from './hub.js';

export interface Daemon {
  readonly pid: number;
  /** Every setting the daemon announced it runs with (workers, perServerLimit, pollMs...). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Its log lines at level warn or above, parsed. */
  readonly problems: readonly Record<string, unknown>[];
  /** False once the process has exited. */
  alive(): boolean;
  stop(): Promise<void>;
}

const READY = 'serving the task queue';
/** Fields of the ready line that are not settings (pino's own, and who the daemon is). */
const NOT_SETTINGS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'daemon', 'backend']);

export async function startDaemon(hub: BenchHub, timeoutMs = 30_000): Promise<Daemon> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: hub.env(), stdio: ['ignore', 'pipe', 'pipe'] });
  const problems: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aegir serve not ready after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`aegir serve exited (${code}) before it was ready: ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      // pino levels: 40 warn, 50 error.
      if (typeof entry.level === 'number' && entry.level >= 40) problems.push(entry);
      if (entry.msg === READY) {
        clearTimeout(timer);
        resolve(Object.fromEntries(Object.entries(entry).filter(([k]) => !NOT_SETTINGS.has(k))));
      }
    });
  });
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (alive()) child.kill('SIGTERM');
    await exited;
  };
  try {
    const settings = await ready;
    return { pid: child.pid ?? 0, settings, problems, alive, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
