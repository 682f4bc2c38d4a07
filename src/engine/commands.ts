/**
 * exec, configTest, reload and sql actions: run once; a non-accepted exit code, a timeout or a
 * runner error fails the action. exec, reload and sql count as changes; a configTest is a
 * check and is `ok` when it passes.
 */
import type { ConfigTestAction, ExecAction, ReloadAction, SqlAction, SqlStatement } from '../plan/action.js';
import type { ExecRequest } from '../transport/transport.js';
import { describeExit, requestSecrets } from './remote-command.js';
import { StepFailure, toStepFailure, type StepContext, type StepOutcome } from './step.js';

export async function runCommand(
  ctx: StepContext,
  action: ExecAction | ConfigTestAction | ReloadAction,
): Promise<StepOutcome> {
  const request: ExecRequest =
    action.kind === 'exec'
      ? {
          argv: action.argv,
          stdin: action.stdin,
          env: action.env,
          cwd: action.cwd,
          user: action.user,
          timeoutMs: action.timeoutMs,
          sensitive: action.sensitive,
        }
      : { argv: action.argv, timeoutMs: action.timeoutMs };
  const accepted = action.kind === 'exec' && action.acceptExitCodes.length > 0 ? action.acceptExitCodes : [0];
  const result = await ctx.transport.exec(request);
  const output = { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  if (result.timedOut || !accepted.includes(result.exitCode)) {
    const secrets = action.kind === 'exec' && action.sensitive ? requestSecrets(request) : [];
    const reason = describeExit(action.argv, result, action.timeoutMs, secrets);
    throw new StepFailure(action.kind === 'configTest' ? `config test failed: ${reason}` : reason, output);
  }
  return { status: action.kind === 'configTest' || action.checkOnly === true ? 'ok' : 'changed', ...output };
}

export async function runSql(ctx: StepContext, action: SqlAction): Promise<StepOutcome> {
  const runner = ctx.sql;
  if (runner === undefined) throw new StepFailure(`no SQL runner for ${action.server}`);
  try {
    await runner.run(action.statements);
  } catch (error) {
    const undo = segmentsUndo(action, completedOf(error));
    throw toStepFailure(error, undo === undefined ? undefined : { run: () => runner.run(undo) }, 'SQL failed');
  }
  return { status: action.checkOnly === true ? 'ok' : 'changed' };
}

/** The statements that put back what a merged action's first `completed` statements did: its segments begun, last first. */
export function segmentsUndo(action: SqlAction, completed: number | undefined): SqlStatement[] | undefined {
  if (action.segments === undefined || completed === undefined || completed <= 0) return undefined;
  const begun: (readonly SqlStatement[])[] = [];
  let start = 0;
  for (const segment of action.segments) {
    if (start >= completed) break;
    begun.push(segment.undo);
    start += segment.statements;
  }
  const statements = begun.reverse().flat();
  return statements.length === 0 ? undefined : statements;
}

function completedOf(error: unknown): number | undefined {
  const completed = (error as { completed?: unknown } | undefined)?.completed;
  return typeof completed === 'number' ? completed : undefined;
}
