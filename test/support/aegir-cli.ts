/**
 * The built `aegir` binary driven as an operator would, without blocking the test process (so
 * requests can run while a task does), with its own AEGIR_HOME, and the fixture hosts told to
 * trust the hub's SSH key.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BIN, ensureBuilt } from '../cli/aegir-binary.js';
import type { Fixture } from '../fixture/index.js';

export interface AegirRun {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AegirHub {
  readonly home: string;
  /** Every run's output, to prove a secret never appeared. */
  readonly transcript: string[];
  run(args: readonly string[], options?: { stdin?: string; timeoutMs?: number }): Promise<AegirRun>;
  /** Runs and expects exit code `code` (default 0), showing the output when it differs. */
  ok(args: readonly string[], options?: { stdin?: string; code?: number; timeoutMs?: number }): Promise<AegirRun>;
  dispose(): void;
}

/** Output of a run, for failure messages. */
export function shown(run: AegirRun): string {
  return `aegir ${run.args.join(' ')}: exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

/** A fresh AEGIR_HOME (not created: `init` does that) and a runner of dist/cli/main.js bound to it. */
export function createAegirHub(env: NodeJS.ProcessEnv = {}): AegirHub {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'aegir-e2e-'));
  const home = join(dir, 'home');
  const transcript: string[] = [];
  const run = (args: readonly string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<AegirRun> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { PATH: process.env.PATH, LANG: 'C.UTF-8', AEGIR_HOME: home, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        transcript.push(stdout, stderr);
        resolve({ args, code, stdout, stderr });
      });
      child.stdin.end(options.stdin ?? '');
    });
  return {
    home,
    transcript,
    run,
    async ok(args, options = {}) {
      const result = await run(args, options);
      expect(result.code, shown(result)).toBe(options.code ?? 0);
      return result;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `aegir init`, then the hub's public key in root's authorized_keys on every fixture host. */
export async function initAndTrust(hub: AegirHub, fixture: Fixture): Promise<string> {
  const init = await hub.ok(['init']);
  const key = init.stdout.split('\n').find((line) => /^ssh-ed25519 /.test(line));
  if (key === undefined) throw new Error(`aegir init printed no public key:\n${shown(init)}`);
  await Promise.all(fixture.hostNames.map(async (host) => {
    const added = await fixture.run(host, ['sh', '-c', 'cat >> /root/.ssh/authorized_keys'], { stdin: `${key}\n` });
    if (added.exitCode !== 0) throw new Error(`cannot authorize the hub key on ${host}: ${added.stderr}`);
  }));
  return key;
}

/** The plain summary line a task prints last: `<title>: <status> (N changed, N failed...)`. */
export function summaryLine(run: AegirRun): string {
  return run.stdout.trimEnd().split('\n').pop() ?? '';
}
