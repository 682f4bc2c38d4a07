/**
 * How the hub reaches a server. A transport runs argv (never a shell string built from data),
 * places and reads files, and pushes or fetches trees with rsync. `local` is the hub itself;
 * `ssh` is the system OpenSSH client over one ControlMaster per server.
 *
 * A non-zero exit is not an error here: `exec` returns it and the caller decides. Failures to
 * reach or talk to the server throw `TransportError` (see errors.ts).
 */

export interface ExecRequest {
  readonly argv: readonly string[];
  readonly stdin?: string | Buffer;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Run as this user (e.g. the PHP pool user). */
  readonly user?: string;
  /** Kill the command after this long; the result then has `timedOut: true`. Default an hour: nothing runs unbounded. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * stdin and env values hold secrets. Transports never put stdin or env values in an argv
   * (over ssh, env travels in a stdin preamble); with this flag they are also redacted from
   * every error and stderr tail the transport produces.
   */
  readonly sensitive?: boolean;
}

/** The bound of a command that names none (`ExecRequest.timeoutMs`). */
export const DEFAULT_EXEC_TIMEOUT_MS = 60 * 60_000;

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/**
 * What is at a path on the server right now (the path itself: a symlink is `other`). `mode` is the
 * permission bits only (e.g. 0o640); owner and group are names, or numeric ids when unnamed.
 */
export type PathState =
  | { readonly type: 'missing' }
  | { readonly type: 'dir'; readonly mode: number; readonly owner: string; readonly group: string }
  | {
      readonly type: 'file';
      readonly mode: number;
      readonly owner: string;
      readonly group: string;
      readonly content: Buffer;
    }
  | { readonly type: 'other'; readonly mode: number; readonly owner: string; readonly group: string };

export interface FilePlacement {
  readonly path: string;
  readonly content: Buffer | string;
  readonly mode: number;
  readonly owner?: string;
  readonly group?: string;
}

export interface PlacedFile {
  readonly path: string;
  /** False when content, mode, owner and group were already as asked: nothing was written. */
  readonly changed: boolean;
}

export interface TreeTransfer {
  /** Hub directory for a push, server directory for a fetch. */
  readonly source: string;
  /** Server directory for a push, hub directory for a fetch. */
  readonly target: string;
  readonly excludes: readonly string[];
  readonly deleteExtraneous: boolean;
  /** Keep every replaced or deleted file under this directory on the receiving side (for undo). */
  readonly backupDir?: string;
  readonly dryRun?: boolean;
  /** Compare files by checksum instead of size + mtime (slower; catches same-size edits within a second). */
  readonly checksum?: boolean;
  /** Kill the transfer after this long in all; default an hour. It also stops when no data moves for 5 minutes. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface TreeChange {
  /** Path relative to the tree root. */
  readonly path: string;
  readonly change: 'created' | 'updated' | 'deleted' | 'attributes';
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
}

export interface TreeResult {
  readonly changes: readonly TreeChange[];
  readonly bytesSent: number;
  readonly durationMs: number;
}

export interface Transport {
  /** Alias of the server, e.g. `@web1`. */
  readonly server: string;
  exec(request: ExecRequest): Promise<ExecResult>;
  /** The state of many paths (file content included): one round trip per batch of paths, not per path. */
  inspect(paths: readonly string[]): Promise<ReadonlyMap<string, PathState>>;
  /**
   * Place many files in one batch (one stream, not one connection per file). Each lands
   * atomically: a temp file in the same directory, then rename. Unchanged files are not rewritten.
   * Parent directories must exist. `known`: the paths' states as just inspected (they are not read again).
   */
  place(files: readonly FilePlacement[], known?: ReadonlyMap<string, PathState>): Promise<readonly PlacedFile[]>;
  pushTree(transfer: TreeTransfer): Promise<TreeResult>;
  fetchTree(transfer: TreeTransfer): Promise<TreeResult>;
  /** Close connections (the SSH master). Safe to call twice. */
  close(): Promise<void>;
}
