/**
 * Small argv commands the executor runs on a server for its own bookkeeping (create a
 * directory, move a path aside, put it back). A non-zero exit becomes a `StepFailure`.
 */
import { redactedTail } from '../transport/classify.js';
import type { ExecResult, Transport } from '../transport/transport.js';
import { StepFailure } from './step.js';

const HOUSEKEEPING_TIMEOUT_MS = 120_000;

export async function runChecked(transport: Transport, argv: readonly string[]): Promise<ExecResult> {
  const result = await transport.exec({ argv, timeoutMs: HOUSEKEEPING_TIMEOUT_MS });
  if (result.timedOut || result.exitCode !== 0) {
    throw new StepFailure(describeExit(argv, result), {
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
    });
  }
  return result;
}

/** Lines of output a failure reason carries, and the most characters of each. */
const REASON_LINES = 5;
const REASON_LINE_CHARS = 300;

/**
 * Why a command failed, with the last lines it printed (stderr, or stdout when stderr is empty),
 * secrets redacted: `rm exited with 1: rm: cannot remove 'x': Permission denied`, or
 * `php exited with 255:` and the lines below it, indented. `secrets`: values the command was
 * given (its env, its stdin) that must not reappear; `password=...` assignments are hidden too.
 */
export function describeExit(argv: readonly string[], result: ExecResult, timeoutMs?: number, secrets: readonly string[] = []): string {
  const command = argv[0] ?? '(empty argv)';
  const what = result.timedOut
    ? `${command} timed out${timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`}`
    : `${command} exited with ${result.exitCode}`;
  const output = result.stderr.trim() !== '' ? result.stderr : result.stdout;
  const lines = redactedTail(output, secrets, REASON_LINES * 4)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-REASON_LINES)
    .map((line) => (line.length > REASON_LINE_CHARS ? `${line.slice(0, REASON_LINE_CHARS)}...` : line));
  if (lines.length === 0) return what;
  if (lines.length === 1) return `${what}: ${lines[0]?.trim() ?? ''}`;
  return `${what}:\n${lines.map((line) => `    ${line}`).join('\n')}`;
}

/** The secrets an exec request carries when it is sensitive: env values and stdin lines. */
export function requestSecrets(request: { readonly env?: Readonly<Record<string, string>>; readonly stdin?: string | Buffer }): string[] {
  const secrets = Object.values(request.env ?? {});
  if (typeof request.stdin === 'string') secrets.push(request.stdin, ...request.stdin.split('\n').map((line) => line.trim()));
  return secrets.filter((secret) => secret.length >= 4);
}

/** A mode as `install`/`chmod` take it: four octal digits. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** The parent directory of an absolute POSIX path. */
export function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const index = trimmed.lastIndexOf('/');
  return index <= 0 ? '/' : trimmed.slice(0, index);
}

/** The last component of a POSIX path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Joins an absolute directory and a relative path. */
export function joinPath(dir: string, relative: string): string {
  const rel = relative.replace(/^\.(\/|$)/, '').replace(/\/+$/, '');
  if (rel === '') return dir;
  return dir.endsWith('/') ? `${dir}${rel}` : `${dir}/${rel}`;
}
