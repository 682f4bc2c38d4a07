/**
 * The one place that turns actions into their displayable form. Whatever shows or logs an
 * action or a plan (renderings, JSON output, task logs, API responses) goes through here.
 */
import { isSecretEnv, MIN_SECRET_LENGTH } from '../model/secret-values.js';
import type { Action, Plan, SqlStatement, Undo } from './action.js';

export const REDACTED = '********';

/**
 * The action with its secrets replaced by `REDACTED`: the content of a sensitive file, the
 * stdin and secret env values of a sensitive command (and of its undo command; a path, a domain
 * or a number in env stays readable unless the variable is named for a secret, see
 * `isSecretEnv`), every parameter of a sensitive SQL action (and of its undo statements).
 * Other actions come back as they are.
 */
export function redactAction(action: Action): Action {
  switch (action.kind) {
    case 'writeFile':
      return action.sensitive ? { ...action, content: REDACTED } : action;
    case 'exec':
      if (!action.sensitive) return action;
      return {
        ...action,
        ...(action.stdin === undefined ? {} : { stdin: REDACTED }),
        ...(action.env === undefined ? {} : { env: redactEnv(action.env) }),
        undo: redactUndo(action.undo),
      };
    case 'sql':
      if (!action.sensitive) return action;
      return { ...action, statements: action.statements.map(redactStatement), undo: redactUndo(action.undo) };
    default:
      return action;
  }
}

/** The plan with every action redacted. */
export function redactPlan(plan: Plan): Plan {
  return { title: plan.title, actions: plan.actions.map(redactAction) };
}

/** Shorter values (`LANG=C` in a sensitive env) are not secrets, and scrubbing them would garble output. */
export { MIN_SECRET_LENGTH };

/**
 * The secret strings an action carries, to scrub from command output with `redactText`:
 * what `redactAction` hides, strings of at least `MIN_SECRET_LENGTH` characters only
 * (numbers and booleans among SQL parameters are not secrets).
 */
export function secretsOf(action: Action): string[] {
  return carriedSecrets(action).filter((secret) => secret.length >= MIN_SECRET_LENGTH);
}

function carriedSecrets(action: Action): string[] {
  switch (action.kind) {
    case 'writeFile':
      return action.sensitive ? [action.content] : [];
    case 'exec':
      return action.sensitive ? distinct([...commandSecrets(action), ...undoSecrets(action.undo)]) : [];
    case 'sql':
      return action.sensitive ? distinct([...action.statements.flatMap(paramSecrets), ...undoSecrets(action.undo)]) : [];
    default:
      return [];
  }
}

/** The secret strings of every action of a plan. */
export function planSecrets(plan: Plan): string[] {
  return distinct(plan.actions.flatMap(secretsOf));
}

/**
 * `text` with every occurrence of every secret replaced by `REDACTED` (longest secrets first,
 * so one secret inside another cannot leave a piece behind). Empty secrets are ignored.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const ordered = distinct(secrets.filter((secret) => secret !== '')).sort((a, b) => b.length - a.length);
  return ordered.reduce((result, secret) => result.split(secret).join(REDACTED), text);
}

function redactEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, isSecretEnv(name, value) ? REDACTED : value]));
}

function redactStatement(statement: SqlStatement): SqlStatement {
  return { sql: statement.sql, params: statement.params.map(() => REDACTED) };
}

function redactUndo(undo: Undo): Undo {
  if (undo.kind === 'sql') return { ...undo, statements: undo.statements.map(redactStatement) };
  if (undo.kind !== 'exec') return undo;
  return {
    ...undo,
    ...(undo.stdin === undefined ? {} : { stdin: REDACTED }),
    ...(undo.env === undefined ? {} : { env: redactEnv(undo.env) }),
  };
}

function commandSecrets(command: { readonly stdin?: string; readonly env?: Readonly<Record<string, string>> }): string[] {
  const env = Object.entries(command.env ?? {}).filter(([name, value]) => isSecretEnv(name, value)).map(([, value]) => value);
  return [...(command.stdin === undefined ? [] : [command.stdin]), ...env];
}

function paramSecrets(statement: SqlStatement): string[] {
  return statement.params.filter((param): param is string => typeof param === 'string');
}

function undoSecrets(undo: Undo): string[] {
  if (undo.kind === 'exec') return commandSecrets(undo);
  return undo.kind === 'sql' ? undo.statements.flatMap(paramSecrets) : [];
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
