import type { Action, Plan } from './action.js';
import { validatePlan } from './dag.js';

/**
 * A plan from a title and its actions, checked as a DAG (throws `PlanError`) and frozen.
 *
 * Every reload waits for every config test of the plan, on every server, that does not itself
 * come after that reload: when one member of a cluster refuses the new config, no member has
 * reloaded it yet, so rollback never makes a server serve a config that is then taken back.
 */
export function createPlan(title: string, actions: readonly Action[]): Plan {
  const plan: Plan = Object.freeze({ title, actions: Object.freeze(withReloadBarrier(actions)) });
  validatePlan(plan);
  return plan;
}

function withReloadBarrier(actions: readonly Action[]): Action[] {
  const tests = actions.filter((action) => action.kind === 'configTest').map((action) => action.id);
  if (tests.length < 2 || !actions.some((action) => action.kind === 'reload')) return [...actions];
  const dependents = new Map<string, string[]>();
  for (const action of actions) {
    for (const id of action.after) {
      const list = dependents.get(id);
      if (list === undefined) dependents.set(id, [action.id]);
      else list.push(action.id);
    }
  }
  return actions.map((action) => {
    if (action.kind !== 'reload') return action;
    const later = descendants(action.id, dependents);
    const after = new Set(action.after);
    const missing = tests.filter((id) => !after.has(id) && !later.has(id));
    return missing.length === 0 ? action : Object.freeze({ ...action, after: Object.freeze([...action.after, ...missing]) });
  });
}

function descendants(id: string, dependents: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(dependents.get(id) ?? [])];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(dependents.get(next) ?? []));
  }
  return seen;
}
