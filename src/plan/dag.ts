/**
 * The plan's dependency graph: checks that it is a DAG, and orders it.
 * Dependencies may cross servers (a database created on `@db1` before a site installs on `@web1`).
 */
import type { Action, Plan } from './action.js';
import { PlanError } from './plan-error.js';

/**
 * Throws `PlanError` listing every problem: an empty title, actions without an id or a server,
 * duplicate ids, ids in `after` that name no action, ids in `changedBy` missing from `after`, and
 * dependency cycles (named as a path, `a -> b -> a`).
 */
export function validatePlan(plan: Plan): void {
  const problems: string[] = [];
  if (plan.title.trim() === '') problems.push('the plan has no title');
  const seen = new Set<string>();
  plan.actions.forEach((action, index) => {
    const name = action.id === '' ? `action #${index + 1}` : `action ${action.id}`;
    if (action.id === '') problems.push(`${name} has no id`);
    else if (seen.has(action.id)) problems.push(`duplicate action id ${action.id}`);
    seen.add(action.id);
    if (action.server.trim() === '') problems.push(`${name} has no server`);
  });
  for (const action of plan.actions) {
    for (const dependency of action.after) {
      if (!seen.has(dependency)) problems.push(`action ${action.id} depends on unknown action ${dependency}`);
    }
    for (const id of action.changedBy ?? []) {
      if (!action.after.includes(id)) problems.push(`action ${action.id} runs on changes of ${id}, which is not in its after list`);
    }
  }
  const cycle = findCycle(plan);
  if (cycle !== undefined) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);
  if (problems.length > 0) throw new PlanError(plan.title, problems);
}

/**
 * A dependency cycle as a path of ids that starts and ends on the same id, each arrow pointing
 * from an action to one that waits for it (`a -> b -> a`: b is after a, a is after b),
 * or undefined when there is none. Unknown ids in `after` are ignored here.
 */
export function findCycle(plan: Plan): string[] | undefined {
  const byId = new Map(plan.actions.map((action) => [action.id, action] as const));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];

  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    const action = byId.get(id);
    if (action === undefined) return undefined;
    state.set(id, 'open');
    path.push(id);
    for (const dependency of action.after) {
      const cycle = visit(dependency);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };

  for (const action of plan.actions) {
    const cycle = visit(action.id);
    if (cycle !== undefined) return cycle.reverse();
  }
  return undefined;
}

/**
 * The actions in an order that runs every dependency first. Stable: among actions that are
 * ready together, plan order wins, so a plan already in dependency order comes back unchanged.
 * Throws `PlanError` when the plan is not a valid DAG.
 */
export function topologicalOrder(plan: Plan): Action[] {
  validatePlan(plan);
  const index = new Map(plan.actions.map((action, position) => [action.id, position] as const));
  const waiting = plan.actions.map((action) => new Set(action.after).size);
  const dependents = plan.actions.map((): number[] => []);
  plan.actions.forEach((action, position) => {
    for (const dependency of new Set(action.after)) dependents[index.get(dependency) ?? 0]?.push(position);
  });

  const ready = plan.actions.flatMap((_, position) => (waiting[position] === 0 ? [position] : []));
  const order: Action[] = [];
  while (ready.length > 0) {
    const position = ready.shift() as number;
    order.push(plan.actions[position] as Action);
    for (const next of dependents[position] ?? []) {
      const left = (waiting[next] ?? 0) - 1;
      waiting[next] = left;
      if (left === 0) insertSorted(ready, next);
    }
  }
  return order;
}

function insertSorted(list: number[], value: number): void {
  let at = list.length;
  while (at > 0 && (list[at - 1] ?? 0) > value) at -= 1;
  list.splice(at, 0, value);
}
