/**
 * Small argv commands the executor runs on a server for its own bookkeeping (create a
 * directory, move a path aside, put it back). A non-zero exit becomes a `StepFailure`.
 */
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

/** `rm exited with 1: rm: cannot remove 'x': Permission denied` (first stderr line). */
export function describeExit(argv: readonly string[], result: ExecResult, timeoutMs?: number): string {
  const command = argv[0] ?? '(empty argv)';
  if (result.timedOut) return `${command} timed out${timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`}`;
  const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '')?.trim();
  return `${command} exited with ${result.exitCode}${firstLine === undefined ? '' : `: ${firstLine}`}`;
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
