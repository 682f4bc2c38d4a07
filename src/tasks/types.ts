import type { Inventory } from '../model/index.js';

/** The task verbs, as the CLI and the queue name them. */
export const TASK_VERBS = ['verify', 'install', 'disable', 'enable', 'delete', 'verify-fleet', 'backup', 'restore', 'clone', 'migrate'] as const;
export type TaskVerb = (typeof TASK_VERBS)[number];

/** The kinds of entity a task can be aimed at. */
export type TaskTargetKind = 'server' | 'platform' | 'site';

/**
 * What a planner receives: the inventory snapshot, the target's alias, and the facts gathered
 * from the servers beforehand (what exists there now). Planners are pure: no I/O, no clock.
 */
export interface PlanInput<F> {
  readonly inventory: Inventory;
  readonly target: string;
  readonly facts: F;
}
