import { lstat, readFile } from 'node:fs/promises';
import { isSecretEnv } from '../model/secret-values.js';
import { redactedTail } from './classify.js';
import { TransportError } from './errors.js';
import { LocalAccounts } from './local-accounts.js';
import { commitStaged, discardStaged, stageFile, type StagedFile } from './local-write.js';
import { placementChanges, validatePlacements } from './placement.js';
import { runRsync } from './rsync.js';
import { runProcess } from './run-process.js';
import type {
  ExecRequest,
  ExecResult,
  FilePlacement,
  PathState,
  PlacedFile,
  Transport,
  TreeResult,
  TreeTransfer,
} from './transport.js';

/**
 * The hub itself: commands are spawned with argv (never a shell), files are read with lstat and
 * written atomically, trees are copied with local rsync.
 */
export class LocalTransport implements Transport {
  readonly server: string;
  private readonly accounts = new LocalAccounts();

  constructor(server = '@localhost') {
    this.server = server;
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    const argv = request.user === undefined ? [...request.argv] : ['runuser', '-u', request.user, '--', ...request.argv];
    try {
      const result = await runProcess({
        argv,
        stdin: request.stdin,
        env: { ...process.env, ...request.env },
        cwd: request.cwd,
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
      return {
        exitCode: result.exitCode,
        stdout: result.stdout.toString('utf8'),
        stderr: result.stderr.toString('utf8'),
        timedOut: result.timedOut,
        durationMs: result.durationMs,
      };
    } catch (error) {
      // The program could not be started at all (no such command, not executable, bad cwd).
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      const secrets = request.sensitive === true ? Object.entries(request.env ?? {}).filter(([name, value]) => isSecretEnv(name, value)).map(([, value]) => value) : [];
      throw new TransportError({
        server: this.server,
        reason: 'command_failed',
        detail: redactedTail(`cannot run ${argv[0] ?? ''}: ${code}`, secrets),
        retryable: false,
        exitCode: 127,
        cause: error,
      });
    }
  }

  async inspect(paths: readonly string[]): Promise<ReadonlyMap<string, PathState>> {
    const states = new Map<string, PathState>();
    for (const path of paths) states.set(path, await this.stateOf(path));
    return states;
  }

  /** All changed files are staged first; only when every one is staged are they renamed into place. */
  async place(files: readonly FilePlacement[]): Promise<readonly PlacedFile[]> {
    validatePlacements(files);
    const placed: PlacedFile[] = [];
    const staged: StagedFile[] = [];
    try {
      for (const file of files) {
        const changed = placementChanges(await this.stateOf(file.path), file);
        placed.push({ path: file.path, changed });
        if (!changed) continue;
        try {
          const uid = file.owner === undefined ? undefined : await this.accounts.uid(file.owner);
          const gid = file.group === undefined ? undefined : await this.accounts.gid(file.group);
          staged.push(await stageFile(file, uid, gid));
        } catch (error) {
          throw this.placeError(file.path, error);
        }
      }
      await commitStaged(staged);
    } catch (error) {
      await discardStaged(staged);
      throw error instanceof TransportError ? error : this.placeError('files', error);
    }
    return placed;
  }

  private placeError(path: string, error: unknown): TransportError {
    return new TransportError({
      server: this.server,
      reason: 'command_failed',
      detail: `cannot place ${path}: ${(error as Error).message}`,
      retryable: false,
      cause: error,
    });
  }

  pushTree(transfer: TreeTransfer): Promise<TreeResult> {
    return runRsync({ server: this.server }, transfer, 'push');
  }

  fetchTree(transfer: TreeTransfer): Promise<TreeResult> {
    return runRsync({ server: this.server }, transfer, 'fetch');
  }

  async close(): Promise<void> {
    // Nothing to close on the hub itself.
  }

  private async stateOf(path: string): Promise<PathState> {
    let stats;
    try {
      stats = await lstat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { type: 'missing' };
      throw error;
    }
    const mode = stats.mode & 0o7777;
    const owner = await this.accounts.userName(stats.uid);
    const group = await this.accounts.groupName(stats.gid);
    if (stats.isDirectory()) return { type: 'dir', mode, owner, group };
    if (stats.isFile()) return { type: 'file', mode, owner, group, content: await readFile(path) };
    return { type: 'other', mode, owner, group };
  }
}
