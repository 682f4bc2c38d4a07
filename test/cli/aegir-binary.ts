import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Runs the built `aegir` binary (dist/cli/main.js) as a user would, and records every output. */

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'dist/cli/main.js');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Everything any run printed, so a test can prove a secret never appeared. */
export const transcript: string[] = [];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ unless it is newer than every source file (`npm test` builds before vitest). */
export function ensureBuilt(): void {
  const fresh = (): boolean => existsSync(BIN) && statSync(BIN).mtimeMs >= newestSource(join(ROOT, 'src'));
  if (fresh()) return;
  // Test files run in parallel: one builds, the others wait for it.
  const lock = join(tmpdir(), 'aegir-cli-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (fresh()) return;
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (!existsSync(BIN)) throw new Error(`npm run build did not produce ${BIN}:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Hub {
  readonly home: string;
  run(args: readonly string[], options?: { stdin?: string; env?: NodeJS.ProcessEnv }): Run;
  /** The same, without blocking: for processes that must run at the same time. */
  start(args: readonly string[]): Promise<Run>;
  dispose(): void;
}

/** A temporary AEGIR_HOME (not created: `init` does that) and a runner bound to it. */
export function createHub(baseEnv: NodeJS.ProcessEnv = {}): Hub {
  const dir = mkdtempSync(join(tmpdir(), 'aegir-cli-'));
  const home = join(dir, 'home');
  return {
    home,
    run(args, options = {}) {
      const env = { PATH: process.env.PATH, AEGIR_HOME: home, ...baseEnv, ...options.env };
      const result = spawnSync(process.execPath, [BIN, ...args], {
        env,
        input: options.stdin ?? '',
        encoding: 'utf8',
        timeout: 20_000,
      });
      transcript.push(result.stdout, result.stderr);
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    start(args) {
      const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, AEGIR_HOME: home, ...baseEnv } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.end();
      return new Promise((resolve) => {
        child.on('close', (code) => {
          transcript.push(stdout, stderr);
          resolve({ code, stdout, stderr });
        });
      });
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
