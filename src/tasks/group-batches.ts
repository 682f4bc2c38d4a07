/**
 * The batches of a group's merged plan (installs queued together): per web head, its sites' login
 * checks as one PHP process. What was batched is kept as a map from each batch to the actions it
 * stands for, so each task's results can still be told apart. The SQL stays one action per step of
 * each site: the db runners keep several connections, so they run side by side, and when one fails
 * the undo of every other is exact (a batch that fails midway could not say what it had done).
 */
import { createPlan, exec, PlanError, type Action, type ExecAction, type Plan } from '../plan/index.js';
import { LOGIN_CHECK_SCRIPT, LOGIN_CHECK_TIMEOUT_MS } from '../services/db/index.js';
import { FLEET_LOGIN_CHECK_SCRIPT } from './verify-fleet-batches.js';

export interface BatchedPlan {
  readonly plan: Plan;
  /** A batch's id -> the ids of the actions it replaced. */
  readonly batches: ReadonlyMap<string, readonly string[]>;
}

const isLoginCheck = (action: Action): action is ExecAction =>
  action.kind === 'exec' && action.argv.length === 3 && action.argv[0] === 'php' && action.argv[1] === '-r' && action.argv[2] === LOGIN_CHECK_SCRIPT;

/** The plan with its login checks batched per web head; if batching made the plan invalid, the plan as it was. */
export function batchGroupPlan(plan: Plan): BatchedPlan {
  const batches = new Map<string, readonly string[]>();
  const replacedBy = new Map<string, string>();
  const added: Action[] = [];

  const checksByHead = new Map<string, ExecAction[]>();
  for (const action of plan.actions) {
    if (isLoginCheck(action)) checksByHead.set(action.server, [...(checksByHead.get(action.server) ?? []), action]);
  }
  for (const [head, checks] of checksByHead) {
    if (checks.length < 2) continue;
    const batch = exec({
      id: `db:group:login-from:${head}`,
      server: head,
      after: [...new Set(checks.flatMap((check) => check.after))],
      argv: ['php', '-r', FLEET_LOGIN_CHECK_SCRIPT],
      stdin: JSON.stringify(checks.map((check) => JSON.parse(check.stdin ?? 'null') as unknown)),
      sensitive: true,
      timeoutMs: LOGIN_CHECK_TIMEOUT_MS + checks.length * 1000,
      description: `check that the accounts of ${checks.length} sites connect from ${head}`,
      undo: { kind: 'none', reason: 'a login check changes nothing' },
      checkOnly: true,
      ...(checks.every((check) => check.onlyIfChanged === true) ? { onlyIfChanged: true } : {}),
    });
    added.push(batch);
    batches.set(batch.id, checks.map((check) => check.id));
    for (const check of checks) replacedBy.set(check.id, batch.id);
  }
  if (batches.size === 0) return { plan, batches };

  const remap = (ids: readonly string[], self: string): string[] =>
    [...new Set(ids.map((id) => replacedBy.get(id) ?? id))].filter((id) => id !== self);
  const kept = plan.actions.filter((action) => !replacedBy.has(action.id));
  const actions = [...added, ...kept].map((action) => {
    const after = remap(action.after, action.id);
    return after.length === action.after.length && after.every((id, i) => id === action.after[i]) ? action : Object.freeze({ ...action, after: Object.freeze(after) });
  });
  try {
    return { plan: createPlan(plan.title, actions), batches };
  } catch (error) {
    if (error instanceof PlanError) return { plan, batches: new Map() };
    throw error;
  }
}
