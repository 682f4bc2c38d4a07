/** Runs a process without a shell and times it. */
import { spawn } from 'node:child_process';

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: string;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function run(argv: readonly string[], options: RunOptions = {}): Promise<Ran> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('run: empty argv');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', HOME: '/root' },
      cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<Ran> {
  const result = await run(argv, options);
  if (result.code !== 0) throw new Error(`${argv.slice(0, 6).join(' ')} exited ${result.code}: ${result.stderr.slice(-2000)}${result.stdout.slice(-2000)}`);
  return result;
}
