/**
 * Actions: the individual steps a task compiles to, each on one server. Pure, readonly,
 * JSON-serialisable data. Only engine/ runs them, through transport/.
 *
 * Every action names its target server alias, says in one line what it does, and says how
 * it is undone (see `Undo`). `sensitive` marks content, stdin or SQL parameters that must be
 * redacted in every rendering and log.
 */

export const ACTION_KINDS = [
  'ensureDir',
  'writeFile',
  'removePath',
  'pushTree',
  'fetchTree',
  'exec',
  'sql',
  'configTest',
  'reload',
  'httpCheck',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/**
 * How a completed action is put back when a later action fails.
 * - `restore`: the executor snapshots what was there before (file content and mode, whether a
 *   directory existed, the tree the push replaced) and puts it back.
 * - `exec` / `sql`: a compensating command or statements given by the planner.
 * - `rerun`: run the same action again after the others were undone (a reload after restored configs).
 * - `none`: nothing to undo (reads, checks); `reason` says why.
 */
export type Undo =
  | { readonly kind: 'restore' }
  | { readonly kind: 'exec'; readonly argv: readonly string[]; readonly stdin?: string; readonly env?: Readonly<Record<string, string>> }
  | { readonly kind: 'sql'; readonly statements: readonly SqlStatement[] }
  | { readonly kind: 'rerun' }
  | { readonly kind: 'none'; readonly reason: string };

export interface SqlStatement {
  readonly sql: string;
  /** Bound parameters. Identifiers cannot be bound: they are validated and quoted by the planner. */
  readonly params: readonly (string | number | boolean | null)[];
}

interface ActionBase {
  /** Unique within its plan; other actions name it in `after`. */
  readonly id: string;
  /** Alias of the server this action runs on, e.g. `@web1`. */
  readonly server: string;
  /** One line for people: what this action does. */
  readonly description: string;
  /** Ids of actions that must complete before this one starts. */
  readonly after: readonly string[];
  readonly undo: Undo;
  /**
   * Run only when an action this one depends on (directly or through others) changed something;
   * otherwise it is skipped. Config tests and reloads use it, so an unchanged run reloads nothing.
   */
  readonly onlyIfChanged?: boolean;
  /**
   * The action only checks (a login, a test database made and dropped again): it leaves nothing
   * behind, so it succeeds as `ok`, never `changed`. Its undo still runs if the plan fails after it.
   */
  readonly checkOnly?: boolean;
  /**
   * With `onlyIfChanged`: only a change of these actions (each also in `after`), or of what they
   * depend on, makes this one run; default every action it depends on. A site's check after a
   * reload names the site's own config writes, so that unchanged sites are not checked.
   */
  readonly changedBy?: readonly string[];
}

export interface EnsureDirAction extends ActionBase {
  readonly kind: 'ensureDir';
  readonly path: string;
  /** Octal mode as a number, e.g. 0o755. */
  readonly mode: number;
  readonly owner?: string;
  readonly group?: string;
}

export interface WriteFileAction extends ActionBase {
  readonly kind: 'writeFile';
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  readonly owner?: string;
  readonly group?: string;
  /** The content holds a secret: never shown, never diffed. */
  readonly sensitive: boolean;
}

export interface RemovePathAction extends ActionBase {
  readonly kind: 'removePath';
  readonly path: string;
  /** Remove a directory with everything in it. */
  readonly recursive: boolean;
}

export interface PushTreeAction extends ActionBase {
  readonly kind: 'pushTree';
  /** Directory on the hub. */
  readonly source: string;
  /** Directory on the server. */
  readonly target: string;
  /** rsync exclude patterns, relative to the tree root. */
  readonly excludes: readonly string[];
  /** Delete files on the server that are not in the source (never those excluded). */
  readonly deleteExtraneous: boolean;
}

export interface FetchTreeAction extends ActionBase {
  readonly kind: 'fetchTree';
  /** Directory on the server. */
  readonly source: string;
  /** Directory on the hub. */
  readonly target: string;
  readonly excludes: readonly string[];
}

export interface ExecAction extends ActionBase {
  readonly kind: 'exec';
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Run as this user (the transport switches user); default the transport's user. */
  readonly user?: string;
  readonly timeoutMs: number;
  /** Exit codes that count as success; default [0]. */
  readonly acceptExitCodes: readonly number[];
  /** stdin and env values hold secrets: redacted everywhere. */
  readonly sensitive: boolean;
}

/** A run of statements of a merged SQL action that came from one action, and what puts them back. */
export interface SqlSegment {
  /** How many of the action's statements, in order, are this segment's. */
  readonly statements: number;
  readonly undo: readonly SqlStatement[];
}

export interface SqlAction extends ActionBase {
  readonly kind: 'sql';
  /** The db server alias is `server`; the hub connects with that server's admin account. */
  readonly statements: readonly SqlStatement[];
  /**
   * A merged action (many sites' statements in one batch): the segments it is made of, so that a
   * batch that fails midway puts back what its completed segments did (and tries the one it was in).
   */
  readonly segments?: readonly SqlSegment[];
  /** Parameters hold secrets (passwords): redacted everywhere. */
  readonly sensitive: boolean;
}

export interface ConfigTestAction extends ActionBase {
  readonly kind: 'configTest';
  /** e.g. ['nginx', '-t'] or ['apache2ctl', 'configtest']. */
  readonly argv: readonly string[];
  readonly timeoutMs: number;
}

export interface ReloadAction extends ActionBase {
  readonly kind: 'reload';
  /** e.g. ['nginx', '-s', 'reload']. */
  readonly argv: readonly string[];
  readonly timeoutMs: number;
}

/**
 * What an HTTP answer must show for an `httpCheck` to pass.
 * - `generation`: the web server's default server answers with the config generation written in
 *   `file` on the server now (its `GENERATION_HEADER`), and keeps doing so for `settleMs` (old
 *   workers may still accept connections for a moment after new ones answer).
 * - `site`: the site's own vhost answers (not the default server) with one of `statuses`, and a
 *   body containing `text` when given.
 * - `defaultServer`: the default server answers the name (a removed site).
 */
export type HttpExpectation =
  | { readonly kind: 'generation'; readonly file: string; readonly settleMs: number }
  | { readonly kind: 'site'; readonly statuses: readonly number[]; readonly text?: string }
  | { readonly kind: 'defaultServer' };

/**
 * A request from the hub to a web server's own listener, repeated until its answer shows what
 * `expect` says or `timeoutMs` passed (then the action fails, naming what answered instead).
 * Changes nothing.
 */
export interface HttpCheckAction extends ActionBase {
  readonly kind: 'httpCheck';
  /** Where the hub connects: the server's host and its http port. */
  readonly address: string;
  readonly port: number;
  /** The Host header and the path of the request. */
  readonly host: string;
  readonly path: string;
  readonly expect: HttpExpectation;
  readonly timeoutMs: number;
}

export type Action =
  | EnsureDirAction
  | WriteFileAction
  | RemovePathAction
  | PushTreeAction
  | FetchTreeAction
  | ExecAction
  | SqlAction
  | ConfigTestAction
  | ReloadAction
  | HttpCheckAction;

/** A plan: the DAG of actions one task compiles to. JSON-serialisable; the queue stores it. */
export interface Plan {
  /** What the plan is for, e.g. `verify @web1`. */
  readonly title: string;
  readonly actions: readonly Action[];
}
