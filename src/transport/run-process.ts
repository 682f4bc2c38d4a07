import { spawn } from 'node:child_process';

export interface ProcessRequest {
  readonly argv: readonly string[];
  readonly stdin?: string | Buffer;
  /** The whole environment of the child (not merged here). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL of the process group on timeout or abort. */
  readonly killGraceMs?: number;
}

export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly durationMs: number;
}

/**
 * Run argv (never through a shell) in its own process group, feed stdin, collect output.
 * On timeout or abort the whole group gets SIGTERM, then SIGKILL. A process that cannot be
 * started (ENOENT, EACCES) rejects; a non-zero exit resolves with its code (signals: 128 + n).
 */
export function runProcess(request: ProcessRequest): Promise<ProcessResult> {
  const [command, ...args] = request.argv;
  if (command === undefined) return Promise.reject(new TypeError('argv must not be empty'));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: request.cwd,
      env: request.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (): void => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), request.killGraceMs ?? 2000);
    };
    const timer =
      request.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup();
          }, request.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    if (request.signal?.aborted === true) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined); // the child may exit without reading stdin (EPIPE)
    child.stdin.end(request.stdin ?? '');

    child.on('error', (error) => {
      cleanup();
      reject(error);
    });
    child.on('close', (code, signal) => {
      cleanup();
      resolve({
        exitCode: code ?? 128 + signalNumber(signal),
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        timedOut,
        aborted,
        durationMs: Math.round(performance.now() - started),
      });
    });
    function cleanup(): void {
      if (timer !== undefined) clearTimeout(timer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const SIGNALS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 };

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (SIGNALS[signal] ?? 0);
}
