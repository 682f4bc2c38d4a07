/**
 * The plan for people (`--dry-run`) and as JSON (`--json`). Both show only the redacted plan:
 * a secret cannot reach either rendering, whatever the action.
 */
import type { Action, ExecAction, HttpCheckAction, Plan, SqlAction, WriteFileAction } from './action.js';
import { formatArgv } from './describe.js';
import { fileChange, unifiedDiff, type PreviousContent } from './file-diff.js';
import { summarisePlan } from './plan-summary.js';
import { groupByServer } from './plan-queries.js';
import { REDACTED, redactAction, redactPlan } from './redact.js';

export interface RenderPlanOptions {
  /** What the hub last placed at a path on a server; undefined = a new file. Default: every file is new. */
  readonly previous?: PreviousContent;
  /** ANSI colours for a terminal; default off. */
  readonly color?: boolean;
}

const STYLES = { bold: '1', red: '31', green: '32', cyan: '36', dim: '2' } as const;
type Style = keyof typeof STYLES;
type Paint = (style: Style, text: string) => string;

/**
 * Title, summary line, then each server (sorted) with its actions in dependency order:
 * `  [id] description (after: a, b)`, followed by details: a unified diff for each file
 * (`unchanged` when it is; sensitive files only their size), stdin size and env for commands,
 * statements and parameters for SQL. Ends with a newline.
 */
export function renderPlan(plan: Plan, options: RenderPlanOptions = {}): string {
  const previous = options.previous ?? (() => undefined);
  const paint: Paint = options.color === true ? (style, text) => `\u001b[${STYLES[style]}m${text}\u001b[0m` : (_, text) => text;
  const lines = [paint('bold', `Plan: ${plan.title}`), summarisePlan(plan, previous)];
  for (const [server, actions] of groupByServer(plan)) {
    lines.push('', paint('bold', server));
    for (const action of actions) {
      const shown = redactAction(action);
      const after = action.after.length > 0 ? paint('dim', ` (after: ${action.after.join(', ')})`) : '';
      lines.push(`  [${action.id}] ${shown.description}${after}`);
      lines.push(...details(action, shown, previous, paint).map((line) => `    ${line}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The redacted plan as pretty JSON, ending with a newline. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(redactPlan(plan), null, 2)}\n`;
}

/** `action` is only used for what a rendering may know of a secret: its size and whether it changed. */
function details(action: Action, shown: Action, previous: PreviousContent, paint: Paint): string[] {
  switch (shown.kind) {
    case 'writeFile':
      return fileDetails(action as WriteFileAction, shown, previous(action.server, shown.path), paint);
    case 'exec':
      return execDetails(shown);
    case 'sql':
      return sqlDetails(shown);
    case 'pushTree':
    case 'fetchTree':
      return shown.excludes.length > 0 ? [`excludes: ${formatArgv(shown.excludes)}`] : [];
    case 'httpCheck':
      return httpCheckDetails(shown);
    default:
      return [];
  }
}

function fileDetails(action: WriteFileAction, shown: WriteFileAction, before: string | undefined, paint: Paint): string[] {
  const change = fileChange(before, action.content);
  if (action.sensitive) {
    const hidden = `(content hidden: ${Buffer.byteLength(action.content, 'utf8')} bytes, sensitive)`;
    return [change === 'unchanged' ? `unchanged ${hidden}` : hidden];
  }
  if (change === 'unchanged') return ['unchanged'];
  if (change === 'new' && shown.content === '') return ['new empty file'];
  return unifiedDiff(shown.path, before, shown.content).map((line) => paintDiffLine(line, paint));
}

function paintDiffLine(line: string, paint: Paint): string {
  if (line.startsWith('---') || line.startsWith('+++')) return paint('bold', line);
  if (line.startsWith('@@')) return paint('cyan', line);
  if (line.startsWith('+')) return paint('green', line);
  return line.startsWith('-') ? paint('red', line) : line;
}

function execDetails(shown: ExecAction): string[] {
  const lines: string[] = [];
  if (shown.stdin !== undefined) {
    lines.push(shown.sensitive ? 'stdin: (hidden, sensitive)' : `stdin: ${Buffer.byteLength(shown.stdin, 'utf8')} bytes`);
  }
  if (shown.env !== undefined && Object.keys(shown.env).length > 0) {
    lines.push(`env: ${Object.entries(shown.env).map(([name, value]) => `${name}=${value === REDACTED ? REDACTED : formatArgv([value])}`).join(' ')}`);
  }
  if (shown.acceptExitCodes.length !== 1 || shown.acceptExitCodes[0] !== 0) {
    lines.push(`accepts exit codes ${shown.acceptExitCodes.join(', ')}`);
  }
  return lines;
}

function httpCheckDetails(shown: HttpCheckAction): string[] {
  const settle = shown.expect.kind === 'generation' && shown.expect.settleMs > 0 ? `, then ${shown.expect.settleMs} ms more in which every answer must be it` : '';
  return [
    `asks until it does${settle}; fails after ${shown.timeoutMs / 1000} s`,
    ...(shown.changedBy === undefined ? [] : [`runs only when one of these changed: ${shown.changedBy.join(', ')}`]),
  ];
}

function sqlDetails(shown: SqlAction): string[] {
  return shown.statements.flatMap((statement) => [
    ...statement.sql.trim().split('\n'),
    ...(statement.params.length > 0
      ? [`  params: ${statement.params.map((param) => (param === REDACTED ? REDACTED : JSON.stringify(param))).join(', ')}`]
      : []),
  ]);
}
