import type { Action, Plan } from './action.js';
import { validatePlan } from './dag.js';

/** A plan from a title and its actions, checked as a DAG (throws `PlanError`) and frozen. */
export function createPlan(title: string, actions: readonly Action[]): Plan {
  const plan: Plan = Object.freeze({ title, actions: Object.freeze([...actions]) });
  validatePlan(plan);
  return plan;
}
