/**
 * Constructors for command actions: exec, sql, configTest, reload. Descriptions show the
 * argv or SQL text, never stdin, env values or bound parameters.
 */
import { ValidationError } from '../model/errors.js';
import type {
  ConfigTestAction, ExecAction, ReloadAction, SqlAction, SqlSegment, SqlStatement, Undo,
} from './action.js';
import { baseFields, finishAction, type ActionOptions } from './build-common.js';
import { firstLine, formatArgv } from './describe.js';

/** Default timeouts: a command may be long (an installer), checks and reloads are quick. */
export const DEFAULT_EXEC_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

export interface ExecOptions extends ActionOptions {
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly user?: string;
  /** Default `DEFAULT_EXEC_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
  /** Default [0]. */
  readonly acceptExitCodes?: readonly number[];
  /** stdin and env values hold secrets; default false. */
  readonly sensitive?: boolean;
}

/** `run drush -y updatedb (as www-data in /var/www/site)`. Default undo: none (give one if it can be undone). */
export function exec(options: ExecOptions): ExecAction {
  const context = [
    ...(options.user === undefined ? [] : [`as ${options.user}`]),
    ...(options.cwd === undefined ? [] : [`in ${options.cwd}`]),
  ];
  const description = `run ${formatArgv(options.argv)}${context.length > 0 ? ` (${context.join(' ')})` : ''}`;
  const undo: Undo = { kind: 'none', reason: 'a command has no automatic undo' };
  return finishAction({
    kind: 'exec', ...baseFields(options, { undo, description }),
    argv: [...options.argv], stdin: options.stdin, env: options.env === undefined ? undefined : { ...options.env },
    cwd: options.cwd, user: options.user, timeoutMs: options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
    acceptExitCodes: [...(options.acceptExitCodes ?? [0])], sensitive: options.sensitive ?? false,
  });
}

/** One SQL statement with its bound parameters. */
export function sqlStatement(sql: string, params: SqlStatement['params'] = []): SqlStatement {
  return { sql, params: [...params] };
}

export interface SqlOptions extends ActionOptions {
  readonly statements: readonly SqlStatement[];
  /** A merged action's segments (their statement counts must add up to the statements). */
  readonly segments?: readonly SqlSegment[];
  /** Parameters hold secrets; default false. */
  readonly sensitive?: boolean;
}

function segmentsOf(segments: readonly SqlSegment[], total: number): SqlSegment[] {
  const counted = segments.reduce((sum, segment) => sum + segment.statements, 0);
  if (counted !== total) throw new ValidationError('segments', counted, `must cover the action's ${total} statements`);
  return segments.map((segment) => ({ statements: segment.statements, undo: segment.undo.map((u) => sqlStatement(u.sql, u.params)) }));
}

/** `run SQL: CREATE DATABASE wiki (+2 more)`. Default undo: none (give compensating statements). */
export function sql(options: SqlOptions): SqlAction {
  const first = options.statements[0];
  const more = options.statements.length > 1 ? ` (+${options.statements.length - 1} more)` : '';
  const description = `run SQL: ${first === undefined ? '(none)' : firstLine(first.sql)}${more}`;
  const undo: Undo = { kind: 'none', reason: 'no compensating statements given' };
  return finishAction({
    kind: 'sql', ...baseFields(options, { undo, description }),
    statements: options.statements.map((statement) => sqlStatement(statement.sql, statement.params)),
    sensitive: options.sensitive ?? false,
    segments: options.segments === undefined ? undefined : segmentsOf(options.segments, options.statements.length),
  });
}

export interface CheckOptions extends ActionOptions {
  readonly argv: readonly string[];
  /** Default `DEFAULT_CHECK_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/** `test config: nginx -t`. Changes nothing, so nothing to undo; a failure stops the plan. */
export function configTest(options: CheckOptions): ConfigTestAction {
  const description = `test config: ${formatArgv(options.argv)}`;
  const undo: Undo = { kind: 'none', reason: 'a config test changes nothing' };
  return finishAction({
    kind: 'configTest', ...baseFields(options, { undo, description }, options.after !== undefined && options.after.length > 0),
    argv: [...options.argv], timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
  });
}

/** `reload: nginx -s reload`. Undo: reload again once the previous config is back. */
export function reload(options: CheckOptions): ReloadAction {
  const description = `reload: ${formatArgv(options.argv)}`;
  return finishAction({
    kind: 'reload', ...baseFields(options, { undo: { kind: 'rerun' }, description }, options.after !== undefined && options.after.length > 0),
    argv: [...options.argv], timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
  });
}
