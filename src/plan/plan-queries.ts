/**
 * Lookups the executor and renderers need on a plan. None of them checks the DAG:
 * call `validatePlan` (or `parsePlan`) first.
 */
import type { Action, Plan } from './action.js';
import { topologicalOrder } from './dag.js';

/** Every action by id. */
export function indexActions(plan: Plan): ReadonlyMap<string, Action> {
  return new Map(plan.actions.map((action) => [action.id, action] as const));
}

/** The servers a plan touches, sorted. */
export function planServers(plan: Plan): string[] {
  return [...new Set(plan.actions.map((action) => action.server))].sort(compareText);
}

/**
 * The actions of each server in dependency order (stable), servers sorted.
 * Dependencies on other servers' actions stay in `after`: the executor waits for them.
 */
export function groupByServer(plan: Plan): ReadonlyMap<string, readonly Action[]> {
  const groups = new Map<string, Action[]>(planServers(plan).map((server) => [server, []]));
  for (const action of topologicalOrder(plan)) groups.get(action.server)?.push(action);
  return groups;
}

/** Ids of the actions that name `id` in their `after`, in plan order. */
export function dependentsOf(plan: Plan, id: string): string[] {
  return plan.actions.filter((action) => action.after.includes(id)).map((action) => action.id);
}

/** Ids of every action that waits for `id`, directly or through others, in plan order. */
export function descendantsOf(plan: Plan, id: string): string[] {
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const dependent of dependentsOf(plan, current)) {
      if (!found.has(dependent)) {
        found.add(dependent);
        queue.push(dependent);
      }
    }
  }
  return plan.actions.filter((action) => found.has(action.id)).map((action) => action.id);
}

/** Plain code-point order, the same on every machine (no locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
