import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BIN } from '../cli/aegir-binary.js';

/** A running `aegir serve` child process and what it logged (pino JSON lines). */
export interface DaemonProcess {
  readonly child: ChildProcess;
  readonly lines: () => Record<string, unknown>[];
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Resolves once it logged that it serves the queue. */
  readonly ready: Promise<void>;
}

export const TEST_SERVE = join(import.meta.dirname, 'serve-with-test-tasks.mjs');

/** Spawns `aegir serve` (the binary, or the same daemon with the tests' task verbs). */
export function spawnDaemon(env: NodeJS.ProcessEnv, options: { testTasks?: boolean; args?: string[] } = {}): DaemonProcess {
  const entry = options.testTasks === false ? [BIN, 'serve'] : [TEST_SERVE];
  const child = spawn(process.execPath, [...entry, ...(options.args ?? [])], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('serving the task queue')) onReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const lines = (): Record<string, unknown>[] =>
    out.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, lines, stderr: () => err, exited, ready: Promise.race([ready, exited.then(() => undefined)]) };
}
