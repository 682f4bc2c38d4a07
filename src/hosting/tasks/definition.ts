import type { Inventory } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { PlanInput, TaskTargetKind, TaskVerb } from '../../tasks/types.js';
import type { Actor } from '../actor.js';
import type { TaskConnections } from './connections.js';

/**
 * A task verb as the hub runs it: which servers it touches, how it learns the facts its planner
 * needs (I/O, read-only), the pure planner, and what it records in the inventory on success.
 */
export interface TaskDefinition<F> {
  readonly verb: TaskVerb;
  readonly targetKind: TaskTargetKind;
  /** Every server the task may touch, for host key checks. */
  servers(inventory: Inventory, target: string): readonly string[];
  gather(connections: TaskConnections, inventory: Inventory, target: string): Promise<F>;
  plan(input: PlanInput<F>): Plan;
  afterSuccess?(store: Store, actor: Actor, target: string): Promise<void>;
  /**
   * Runs before the inventory is read for a real run (not a dry run): records in the store what the
   * task needs to exist first, e.g. a site's generated credentials. Safe to run twice.
   */
  prepare?(store: Store, actor: Actor, target: string): Promise<void>;
  /** Runs after the plan failed or was cancelled (and was rolled back), e.g. marks a site `failed`. */
  afterFailure?(store: Store, actor: Actor, target: string): Promise<void>;
  /** Things a person should read about the facts (e.g. sites found on disk that Aegir does not know). */
  notices?(input: PlanInput<F>): readonly string[];
}
