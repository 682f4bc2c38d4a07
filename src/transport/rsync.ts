import { ValidationError } from '../model/errors.js';
import { classifySshStderr, redactedTail } from './classify.js';
import { TransportError } from './errors.js';
import { parseItemizedChanges, parseStatsBytes, RSYNC_OUT_FORMAT } from './rsync-output.js';
import { runProcess } from './run-process.js';
import type { TreeResult, TreeTransfer } from './transport.js';

/** How rsync reaches the other side: not at all (local), or through this ssh command line. */
export interface RsyncRemote {
  /** `host` as rsync expects it before the colon (IPv6 in brackets). */
  readonly host: string;
  /** The `--rsh` value: fixed, validated words separated by single spaces (rsync splits it itself). */
  readonly rsh: string;
}

export interface RsyncContext {
  readonly server: string;
  readonly endpoint?: string;
  readonly remote?: RsyncRemote;
}

/**
 * The rsync argv for a push (hub -> server) or a fetch (server -> hub). Remote paths travel with
 * `--protect-args`, so the remote shell never parses them. `--delete` never touches excluded
 * paths (no `--delete-excluded`).
 */
export function buildRsyncArgv(transfer: TreeTransfer, direction: 'push' | 'fetch', remote?: RsyncRemote): string[] {
  assertAbsolute('source', transfer.source);
  assertAbsolute('target', transfer.target);
  // Directory times are not copied: they change whenever a file is added below, so copying them
  // would report an unchanged tree as changed. Missing parents of the target are created.
  const argv = ['rsync', '--archive', '--omit-dir-times', '--mkpath', '--stats', `--out-format=${RSYNC_OUT_FORMAT}`];
  if (transfer.checksum === true) argv.push('--checksum');
  for (const pattern of transfer.excludes) argv.push(`--exclude=${pattern}`);
  if (transfer.deleteExtraneous) argv.push('--delete');
  if (transfer.backupDir !== undefined) argv.push('--backup', `--backup-dir=${transfer.backupDir}`);
  if (transfer.dryRun === true) argv.push('--dry-run');
  const source = withSlash(transfer.source);
  const target = withSlash(transfer.target);
  if (remote === undefined) return [...argv, '--', source, target];
  argv.push('--protect-args', `--rsh=${remote.rsh}`, '--');
  return direction === 'push' ? [...argv, source, `${remote.host}:${target}`] : [...argv, `${remote.host}:${source}`, target];
}

export async function runRsync(context: RsyncContext, transfer: TreeTransfer, direction: 'push' | 'fetch'): Promise<TreeResult> {
  const argv = buildRsyncArgv(transfer, direction, context.remote);
  const result = await runProcess({ argv, signal: transfer.signal });
  const stdout = result.stdout.toString('utf8');
  const stderr = result.stderr.toString('utf8');
  // 24: some source files vanished while copying (a live tree); everything else was sent.
  if (result.exitCode !== 0 && result.exitCode !== 24) {
    const ssh = context.remote === undefined ? undefined : classifySshStderr(stderr);
    throw new TransportError({
      server: context.server,
      endpoint: context.endpoint,
      reason: ssh?.reason ?? (result.aborted ? 'timeout' : 'command_failed'),
      detail: ssh?.detail ?? (result.aborted ? 'rsync cancelled' : `rsync ${direction} failed with exit ${result.exitCode}${lastLine(stderr)}`),
      retryable: ssh?.retryable ?? false,
      exitCode: result.exitCode,
      stderrTail: redactedTail(stderr),
    });
  }
  return {
    changes: parseItemizedChanges(stdout),
    bytesSent: parseStatsBytes(stdout, direction === 'push' ? 'sent' : 'received'),
    durationMs: result.durationMs,
  };
}

/** `: <last line of rsync's complaint>`, redacted, or nothing. */
function lastLine(stderr: string): string {
  const line = redactedTail(stderr).trim().split('\n').filter((l) => l.trim() !== '').pop();
  return line === undefined ? '' : `: ${line.slice(0, 300)}`;
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function assertAbsolute(field: string, path: string): void {
  if (!path.startsWith('/') || path.includes('\0')) {
    throw new ValidationError(field, path, 'must be an absolute path');
  }
}
