import type { Action, Plan } from './action.js';
import { createPlan } from './build-plan.js';

/** A plan of one task in a group, by the key (e.g. the task id) its results are returned under. */
export interface GroupMember<K> {
  readonly key: K;
  readonly plan: Plan;
}

export interface MergedPlans<K> {
  /** The members' actions as one plan; undefined when no member could join. */
  readonly plan: Plan | undefined;
  /** The members in the plan, in order. */
  readonly joined: readonly K[];
  /** Members left out: one of their actions has the id of a different action already in the plan. */
  readonly conflicts: readonly K[];
}

/** An action without its dependencies, for comparing two actions of the same id. */
function identity(action: Action): string {
  const { after: _after, ...rest } = action;
  return JSON.stringify(rest);
}

/**
 * The plans of several tasks as one plan, so that what they share is done once: an action that
 * several plans have (the same id, the same action) is kept once and waits for what any of them
 * waited for. Plans of one kind on one platform share their platform files, and every web head's
 * config test and reload (each site's vhost is tested and loaded by the same command), so N installs
 * cost one placement stream, one config test and one reload per server instead of N.
 *
 * A plan with an action whose id is taken by a different action cannot join (it is run alone).
 * Action ids are kept, so each member's own results are the merged results of its own action ids.
 */
export function mergePlans<K>(title: string, members: readonly GroupMember<K>[]): MergedPlans<K> {
  const byId = new Map<string, { action: Action; identity: string; after: Set<string> }>();
  const joined: K[] = [];
  const conflicts: K[] = [];
  for (const member of members) {
    const clash = member.plan.actions.some((action) => {
      const seen = byId.get(action.id);
      return seen !== undefined && seen.identity !== identity(action);
    });
    if (clash) {
      conflicts.push(member.key);
      continue;
    }
    joined.push(member.key);
    for (const action of member.plan.actions) {
      const seen = byId.get(action.id);
      if (seen === undefined) byId.set(action.id, { action, identity: identity(action), after: new Set(action.after) });
      else for (const id of action.after) seen.after.add(id);
    }
  }
  if (joined.length === 0) return { plan: undefined, joined, conflicts };
  const actions = [...byId.values()].map(({ action, after }) =>
    (after.size === action.after.length ? action : Object.freeze({ ...action, after: Object.freeze([...after]) })));
  return { plan: createPlan(title, actions), joined, conflicts };
}

/** The ids of a plan's actions (what a member's share of a merged run is). */
export function actionIdsOf(plan: Plan): Set<string> {
  return new Set(plan.actions.map((action) => action.id));
}
