import { access, constants, lstat, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { isSecretEnv } from '../model/secret-values.js';
import { redactedTail } from './classify.js';
import { TransportError } from './errors.js';
import { LocalAccounts } from './local-accounts.js';
import { commitStaged, discardStaged, stageFile, type StagedFile } from './local-write.js';
import { placementChanges, validatePlacements } from './placement.js';
import { runRsync } from './rsync.js';
import { runProcess } from './run-process.js';
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

/**
 * Runs its arguments with stdin through `cat`: a real pipe. Node's `'pipe'` stdio is a UNIX
 * socketpair, which a child cannot open again by name (`/dev/stdin`: ENXIO), as
 * `mysql --defaults-extra-file=/dev/stdin` does; over ssh the remote stdin is a pipe already. A
 * constant script: the command is its positional arguments, never parsed by the shell.
 */
export const STDIN_PIPE_SCRIPT = 'cat | exec "$@"';

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
    const env = { ...process.env, ...request.env };
    // Inside runuser: the pipe is the switched user's own, so it can open /dev/stdin too.
    const command = request.stdin === undefined ? [...request.argv] : ['sh', '-c', STDIN_PIPE_SCRIPT, 'sh', ...request.argv];
    const argv = request.user === undefined ? command : ['runuser', '-u', request.user, '--', ...command];
    try {
      if (request.stdin !== undefined && request.user === undefined) await assertRunnable(request.argv[0], env.PATH, request.cwd);
      const result = await runProcess({
        argv,
        stdin: request.stdin,
        env,
        cwd: request.cwd,
        timeoutMs: request.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
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
      const program = request.user === undefined ? (request.argv[0] ?? '') : 'runuser';
      const secrets = request.sensitive === true ? Object.entries(request.env ?? {}).filter(([name, value]) => isSecretEnv(name, value)).map(([, value]) => value) : [];
      throw new TransportError({
        server: this.server,
        reason: 'command_failed',
        detail: redactedTail(`cannot run ${program}: ${code}`, secrets),
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

/**
 * Throws as spawn would (ENOENT, EACCES) when `program` cannot be run: behind the stdin pipe the
 * shell would start and report it as exit 127 instead.
 */
async function assertRunnable(program: string | undefined, path: string | undefined, cwd: string | undefined): Promise<void> {
  if (program === undefined || program === '') throw Object.assign(new Error('empty argv'), { code: 'ENOENT' });
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd ?? process.cwd(), program)]
    : (path ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, program));
  let last: unknown = Object.assign(new Error(`${program}: not found`), { code: 'ENOENT' });
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return;
    } catch (error) {
      last = error;
    }
  }
  throw last;
}
