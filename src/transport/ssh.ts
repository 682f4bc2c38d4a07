import { lstat, mkdir } from 'node:fs/promises';
import { isSecretEnv, looksPublic } from '../model/secret-values.js';
import { classifySshExit, redactedTail, withoutMuxNoise } from './classify.js';
import { TransportError } from './errors.js';
import { chownSpec, chunkPaths, INSPECT_SCRIPT, parseInspectOutput, PLACE_SCRIPT, placeArchive } from './remote-files.js';
import { buildRemoteCommand } from './remote-command.js';
import { contentOf, placementChanges, tempPathFor, validatePlacements } from './placement.js';
import { runRsync } from './rsync.js';
import { withRetry } from './retry.js';
import { runProcess, type ProcessResult } from './run-process.js';
import { shellQuoteArgv } from './shell-quote.js';
import { acquireMaster, forgetMaster, overMaster, readyMaster, releaseMaster } from './ssh-master.js';
import { controlPathOf, endpointOf, sshOptions, validateSshConfig, type SshConfig } from './ssh-options.js';
import {
  DEFAULT_EXEC_TIMEOUT_MS,
  type ExecRequest,
  type ExecResult,
  type FilePlacement,
  type PathState,
  type PlacedFile,
  type Transport,
  type TreeResult,
  type TreeTransfer,
} from './transport.js';

/** Extra time the hub waits past a command's own timeout before it kills the ssh client. */
const HUB_GRACE_MS = 5000;

/**
 * A server reached with the system OpenSSH client. One ControlMaster per server and process
 * (ssh-master.ts) carries every exec, inspect, place and rsync; secrets travel on stdin only (env
 * values included, see `buildRemoteCommand`). Nothing of Aegir runs on the server: only sh,
 * coreutils, tar and rsync. A failure before the command could start (sshd restarting, a
 * MaxStartups drop, a refused session) is retried a few times (retry.ts); nothing that may have
 * started is ever run again.
 */
export class SshTransport implements Transport {
  readonly server: string;
  readonly endpoint: string;
  private readonly config: SshConfig;
  private readonly controlPath: string;
  /** This transport counts as a user of the process's master to the server (until `close`). */
  private holdsMaster = false;

  constructor(config: SshConfig) {
    validateSshConfig(config);
    this.config = config;
    this.server = config.server;
    this.endpoint = endpointOf(config);
    this.controlPath = controlPathOf(config);
  }

  /** The ssh argv that runs `command` (one string for the remote shell) on this server. */
  sshArgv(command: string): string[] {
    return ['ssh', ...sshOptions(this.config), '-T', '--', this.config.host, command];
  }

  async exec(given: ExecRequest): Promise<ExecResult> {
    const request = { ...given, timeoutMs: given.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS };
    const remote = buildRemoteCommand(request);
    const secrets = request.sensitive === true ? secretsOf(request) : [];
    const result = await this.run(remote.command, remote.stdin, secrets, {
      timeoutMs: request.timeoutMs + this.config.connectTimeoutMs + HUB_GRACE_MS,
      signal: request.signal,
    });
    const remoteTimedOut = (result.exitCode === 124 || result.exitCode === 137) && result.durationMs >= request.timeoutMs;
    return {
      exitCode: result.exitCode,
      stdout: result.stdout.toString('utf8'),
      stderr: result.stderr.toString('utf8'),
      timedOut: result.timedOut || remoteTimedOut,
      durationMs: result.durationMs,
    };
  }

  /**
   * Stat of every path and the content of every regular file: one round trip per chunk of paths
   * (`chunkPaths`, so no command line grows too long), each running a fixed number of processes.
   */
  async inspect(paths: readonly string[]): Promise<ReadonlyMap<string, PathState>> {
    if (paths.length === 0) return new Map();
    for (const path of paths) {
      if (!path.startsWith('/')) throw new TransportError(this.failure('command_failed', `not an absolute path: ${path}`));
    }
    const states = new Map<string, PathState>();
    for (const chunk of chunkPaths(paths)) {
      const result = await this.runChecked(['sh', '-c', INSPECT_SCRIPT, 'sh', ...chunk], Buffer.alloc(0), 'inspect');
      try {
        for (const [path, state] of parseInspectOutput(chunk, result.stdout.toString('utf8'))) states.set(path, state);
      } catch (error) {
        throw new TransportError({ ...this.failure('command_failed', `inspect: ${(error as Error).message}`), cause: error });
      }
    }
    return states;
  }

  /**
   * Two round trips over the master: `inspect`, then one tar stream with every changed file and
   * one script that stages them all (temp file in the same directory, chown, chmod, fsync) before
   * renaming them into place. Unchanged files are not touched.
   */
  async place(files: readonly FilePlacement[], known?: ReadonlyMap<string, PathState>): Promise<readonly PlacedFile[]> {
    validatePlacements(files);
    if (files.length === 0) return [];
    const unknown = files.map((file) => file.path).filter((path) => known?.has(path) !== true);
    const states = unknown.length === 0 ? new Map<string, PathState>() : new Map(await this.inspect(unknown));
    const stateOf = (path: string): PathState | undefined => states.get(path) ?? known?.get(path);
    const changed = files.filter((file) => placementChanges(stateOf(file.path), file));
    if (changed.length > 0) {
      const archive = placeArchive(changed.map((file) => ({
        path: file.path, temp: tempPathFor(file.path), content: contentOf(file), mode: file.mode, chown: chownSpec(file.owner, file.group),
      })));
      await this.runChecked(['sh', '-c', PLACE_SCRIPT, 'sh'], archive, 'place');
    }
    const written = new Set(changed);
    return files.map((file) => ({ path: file.path, changed: written.has(file) }));
  }

  pushTree(transfer: TreeTransfer): Promise<TreeResult> {
    return this.transfer(transfer, 'push');
  }

  fetchTree(transfer: TreeTransfer): Promise<TreeResult> {
    return this.transfer(transfer, 'fetch');
  }

  /**
   * Stop using the master; the last transport of this process to the server stops it (`ssh -O
   * exit`). Never another process's master (each has its own socket). Safe to call twice.
   */
  async close(): Promise<void> {
    if (!this.holdsMaster) return;
    this.holdsMaster = false;
    await releaseMaster(this.controlPath, async () => {
      await runProcess({ argv: ['ssh', ...sshOptions(this.config), '-O', 'exit', '--', this.config.host], timeoutMs: 10_000 }).catch(
        () => undefined,
      );
    });
  }

  private transfer(transfer: TreeTransfer, direction: 'push' | 'fetch'): Promise<TreeResult> {
    return withRetry(async () => {
      await this.ensureMaster();
      try {
        return await overMaster(this.controlPath, () => runRsync(this.rsyncContext(), transfer, direction));
      } catch (error) {
        if (error instanceof TransportError && error.reason !== 'command_failed') forgetMaster(this.controlPath);
        throw error;
      }
    }, { signal: transfer.signal });
  }

  private rsyncContext(): Parameters<typeof runRsync>[0] {
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    return { server: this.server, endpoint: this.endpoint, remote: { host, rsh: ['ssh', ...sshOptions(this.config)].join(' ') } };
  }

  /**
   * Wait for the process's master to the server: the first transport that needs it opens it,
   * the others wait for that (they never race to become the master). A failure is not
   * remembered: the next call tries again. Opening runs only `true`: any failure of it came
   * before the caller's command.
   */
  private async ensureMaster(): Promise<void> {
    if (!this.holdsMaster) {
      this.holdsMaster = true;
      acquireMaster(this.controlPath);
    }
    const persistMs = (this.config.controlPersistSeconds ?? 60) * 1000;
    await readyMaster(this.controlPath, () => this.openMaster(), persistMs / 2);
  }

  private async openMaster(): Promise<void> {
    await this.ensureControlDir();
    const result = await this.spawnSsh('true', Buffer.alloc(0), { timeoutMs: this.config.connectTimeoutMs + HUB_GRACE_MS });
    if (result.timedOut) throw new TransportError({ ...this.failure('timeout', 'connection timed out', true), beforeCommand: true });
    const failure = classifySshExit(result.exitCode, result.stderr.toString('utf8'), true);
    if (failure !== undefined || result.exitCode !== 0) {
      throw new TransportError({
        ...this.failure(failure?.reason ?? 'protocol', failure?.detail ?? `ssh exited ${result.exitCode}`, failure?.retryable ?? true),
        beforeCommand: true,
        exitCode: result.exitCode,
        stderrTail: redactedTail(result.stderr.toString('utf8')),
      });
    }
  }

  /** The socket directory must be ours alone: a real directory, owned by us, writable by nobody else. */
  private async ensureControlDir(): Promise<void> {
    const dir = this.config.controlDir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stats = await lstat(dir);
    const uid = process.getuid?.() ?? stats.uid;
    if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o022) !== 0) {
      throw new TransportError(this.failure('protocol', `control directory ${dir} is not a private directory of this user`));
    }
  }

  private async run(
    command: string,
    stdin: Buffer,
    secrets: readonly string[],
    limits: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ProcessResult> {
    return withRetry(async () => {
      await this.ensureMaster();
      const result = await overMaster(this.controlPath, () => this.spawnSsh(command, stdin, limits));
      const stderr = withoutMuxNoise(result.stderr.toString('utf8'));
      const failure = classifySshExit(result.exitCode, stderr);
      if (failure !== undefined) {
        forgetMaster(this.controlPath); // the master is gone or refused: open (and check) it again next time
        throw new TransportError({
          ...this.failure(failure.reason, failure.detail, failure.retryable),
          beforeCommand: failure.beforeCommand && result.stdout.length === 0,
          exitCode: result.exitCode,
          stderrTail: redactedTail(stderr, secrets),
        });
      }
      return stderr.length === result.stderr.length ? result : { ...result, stderr: Buffer.from(stderr, 'utf8') };
    }, { signal: limits.signal });
  }

  /** Run a fixed helper script; a non-zero exit is a `command_failed` error naming the operation. */
  private async runChecked(argv: readonly string[], stdin: Buffer, operation: string): Promise<ProcessResult> {
    const result = await this.run(shellQuoteArgv(argv), stdin, [], { timeoutMs: 300_000 });
    if (result.exitCode !== 0) {
      const stderr = result.stderr.toString('utf8');
      throw new TransportError({
        ...this.failure('command_failed', `${operation} failed with exit ${result.exitCode}: ${lastLine(stderr)}`),
        exitCode: result.exitCode,
        stderrTail: redactedTail(stderr),
      });
    }
    return result;
  }

  private spawnSsh(command: string, stdin: Buffer, limits: { timeoutMs?: number; signal?: AbortSignal }): Promise<ProcessResult> {
    return runProcess({ argv: this.sshArgv(command), stdin, timeoutMs: limits.timeoutMs, signal: limits.signal });
  }

  private failure(reason: TransportError['reason'], detail: string, retryable = false) {
    return { server: this.server, endpoint: this.endpoint, reason, detail, retryable };
  }
}

/** What to scrub from a sensitive command's output: secret env values, stdin lines (not paths or uris, see `isSecretEnv`). */
function secretsOf(request: ExecRequest): string[] {
  const secrets = Object.entries(request.env ?? {}).filter(([name, value]) => isSecretEnv(name, value)).map(([, value]) => value);
  if (typeof request.stdin === 'string') secrets.push(...request.stdin.split('\n').filter((line) => line.length >= 6 && !looksPublic(line.trim())));
  return secrets;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.slice(0, 200) ?? '';
}
