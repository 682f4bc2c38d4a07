import type { Action, Plan } from './action.js';
import { validatePlan } from './dag.js';

/**
 * A plan from a title and its actions, checked as a DAG (throws `PlanError`) and frozen.
 *
 * Every reload waits for every config test of the plan, on every server: when one member of a
 * cluster refuses the new config, no member has reloaded it yet, so rollback never makes a
 * server serve a config that is then taken back.
 */
export function createPlan(title: string, actions: readonly Action[]): Plan {
  const plan: Plan = Object.freeze({ title, actions: Object.freeze(withReloadBarrier(actions)) });
  validatePlan(plan);
  return plan;
}

function withReloadBarrier(actions: readonly Action[]): Action[] {
  const tests = actions.filter((action) => action.kind === 'configTest').map((action) => action.id);
  if (tests.length < 2) return [...actions];
  return actions.map((action) => {
    if (action.kind !== 'reload') return action;
    const missing = tests.filter((id) => !action.after.includes(id));
    return missing.length === 0 ? action : Object.freeze({ ...action, after: Object.freeze([...action.after, ...missing]) });
  });
}
