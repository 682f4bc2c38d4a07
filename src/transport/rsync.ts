import { ValidationError } from '../model/errors.js';
import { classifySshStderr, redactedTail, withoutMuxNoise } from './classify.js';
import { TransportError } from './errors.js';
import { parseItemizedChanges, parseStatsBytes, RSYNC_OUT_FORMAT } from './rsync-output.js';
import { runProcess } from './run-process.js';
import type { TreeResult, TreeTransfer } from './transport.js';

/** rsync gives up when no data moves for this long (its `--timeout`); a stalled link or a stopped server. */
export const RSYNC_IO_TIMEOUT_S = 300;
/** The hub kills a transfer that takes longer than this in all (unless the transfer says otherwise). */
export const TRANSFER_TIMEOUT_MS = 60 * 60_000;

/** rsync's own lines when its remote side never started: not a sign that anything was transferred. */
const RSYNC_NOT_STARTED: readonly RegExp[] = [
  /^rsync: connection unexpectedly closed \(0 bytes received so far\)/,
  /^rsync error: .*\(code (12|255)\)/,
];

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
  const argv = [
    'rsync', '--archive', '--omit-dir-times', '--mkpath', '--stats', `--out-format=${RSYNC_OUT_FORMAT}`, `--timeout=${RSYNC_IO_TIMEOUT_S}`,
  ];
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

/**
 * One rsync run, bounded: `--timeout` when no data moves, the hub's own timer in all. A failure
 * of ssh before the remote rsync started says so (`beforeCommand`): it can be run again.
 */
export async function runRsync(context: RsyncContext, transfer: TreeTransfer, direction: 'push' | 'fetch'): Promise<TreeResult> {
  const argv = buildRsyncArgv(transfer, direction, context.remote);
  const timeoutMs = transfer.timeoutMs ?? TRANSFER_TIMEOUT_MS;
  const result = await runProcess({ argv, signal: transfer.signal, timeoutMs });
  const stdout = result.stdout.toString('utf8');
  const stderr = withoutMuxNoise(result.stderr.toString('utf8'));
  // 24: some source files vanished while copying (a live tree); everything else was sent.
  if (result.exitCode !== 0 && result.exitCode !== 24) {
    const ssh = context.remote === undefined ? undefined : classifySshStderr(stderr, RSYNC_NOT_STARTED);
    const stopped = result.timedOut ? `rsync ${direction} timed out after ${timeoutMs} ms` : result.aborted ? 'rsync cancelled' : undefined;
    throw new TransportError({
      server: context.server,
      endpoint: context.endpoint,
      reason: ssh?.reason ?? (stopped !== undefined || result.exitCode === 30 ? 'timeout' : 'command_failed'),
      detail: ssh?.detail ?? stopped ?? `rsync ${direction} failed with exit ${result.exitCode}${lastLine(stderr)}`,
      retryable: ssh?.retryable ?? false,
      beforeCommand: (ssh?.beforeCommand ?? false) && stdout.trim() === '',
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
