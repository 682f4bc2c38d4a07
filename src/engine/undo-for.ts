/**
 * The undo of a completed action, as the planner asked for it (`action.undo`): the executor's
 * own snapshot (`restore`), a compensating command or SQL, a rerun after everything else was
 * put back, or nothing. An action that changed nothing has nothing to undo (a check-only action
 * keeps its undo: its test database exists until its last step drops it).
 */
import type { Action } from '../plan/action.js';
import { describeExit, requestSecrets } from './remote-command.js';
import { StepFailure, type StepContext, type StepOutcome, type UndoStep } from './step.js';

const UNDO_TIMEOUT_MS = 120_000;

export function undoFor(
  ctx: StepContext,
  action: Action,
  outcome: StepOutcome,
  rerun: () => Promise<unknown>,
): UndoStep | undefined {
  const undo = action.undo;
  // A check changes nothing, but a generation wait is run again once the old config is back, and a
  // check that left something (a test database) until a later step removes it keeps its undo.
  if (outcome.status === 'ok' && action.checkOnly !== true && !(action.kind === 'httpCheck' && undo.kind === 'rerun')) return undefined;
  switch (undo.kind) {
    case 'none':
      return undefined;
    case 'restore':
      return outcome.undo;
    case 'rerun':
      return { rerun: true, run: async () => void (await rerun()) };
    case 'exec':
      return {
        async run() {
          const result = await ctx.transport.exec({
            argv: undo.argv,
            stdin: undo.stdin,
            env: undo.env,
            timeoutMs: UNDO_TIMEOUT_MS,
            sensitive: action.kind === 'exec' && action.sensitive,
          });
          if (result.timedOut || result.exitCode !== 0) {
            const secrets = action.kind === 'exec' && action.sensitive ? requestSecrets(undo) : [];
            throw new StepFailure(describeExit(undo.argv, result, UNDO_TIMEOUT_MS, secrets), {
              exitCode: result.exitCode,
              stderr: result.stderr,
            });
          }
        },
      };
    case 'sql':
      return {
        async run() {
          if (ctx.sql === undefined) throw new StepFailure(`no SQL runner for ${action.server}`);
          await ctx.sql.run(undo.statements);
        },
      };
  }
}
