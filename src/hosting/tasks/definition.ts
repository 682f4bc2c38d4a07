/**
 * A task verb as the hub runs it, one value per verb and kind of target: its arguments (a strict
 * schema: the queue stores them as JSON), the servers it touches (host keys), what it checks before
 * it is queued and again when it runs, what it records before planning (`prepare`), the facts it
 * needs (as data, src/facts/), the pure planner, and what it records once the plan succeeded or
 * failed. Everything a worker or a face needs to know about a verb is a field here; the pipeline
 * (run.ts) is the same for all of them.
 */
import type { z } from 'zod';
import type { FactStep } from '../../facts/index.js';
import type { PlanResult } from '../../engine/index.js';
import type { Inventory, SiteStatus } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { PlanInput, TaskTargetKind, TaskVerb } from '../../tasks/types.js';
import type { Actor } from '../actor.js';

/** The task's target and its parsed arguments, with the inventory as the run sees it. */
export interface TaskInput<A> {
  readonly inventory: Inventory;
  readonly target: string;
  readonly args: A;
}

export interface PrepareContext {
  readonly store: Store;
  readonly actor: Actor;
  /** Reads facts through the task's own connections (one admin connection per db server). */
  readonly facts: <F>(step: FactStep<F>) => Promise<F>;
}

export interface HookContext<A, F> {
  readonly store: Store;
  readonly actor: Actor;
  /** AEGIR_HOME (backups live under it). */
  readonly home: string;
  readonly target: string;
  readonly args: A;
  readonly facts: F;
  readonly plan: Plan;
  readonly result: PlanResult;
  /** Things a person should read (the backup taken, the task queued next). */
  readonly notice: (text: string) => void;
}

/** A verb whose lost attempts are undone before a rerun: by `undoWith`'s plan, then the site marked. */
export interface RerunUndo {
  readonly undoWith: TaskVerb;
  /** Its arguments (e.g. no backup of what a dead install half made). */
  readonly args?: Readonly<Record<string, unknown>>;
  /** The site's status once undone (not installed). */
  readonly siteStatus: SiteStatus;
}

export interface TaskDefinition<A, F> {
  readonly verb: TaskVerb;
  readonly targetKind: TaskTargetKind;
  /** The task's own arguments, as stored with the queued task (`acceptHostKey` is the pipeline's). */
  readonly args: z.ZodType<A>;
  /**
   * Queued tasks of this verb that stand on the same platform and servers are claimed together
   * and run as one merged plan (one placement, config test and reload per web head).
   */
  readonly groupable?: boolean;
  /**
   * What a new attempt needs when an earlier one died after it started acting: the plan of this
   * verb on the same target, run without its hooks (its undo), then `afterFailure`.
   */
  readonly beforeRerun?: RerunUndo;
  /**
   * Admin connections per db server the task may hold at once (its SQL actions side by side);
   * default 1: the facts and every statement of the task go over one connection.
   */
  readonly dbConnections?: number;
  /** Refuses the task when it is asked for, and again when it runs (the inventory may have changed). */
  check?(input: TaskInput<A>): void;
  /** Every server the task may touch, for host key checks. */
  servers(input: TaskInput<A>): readonly string[];
  /** Before a real run (not a dry run), for all the tasks of a group at once: records what must exist first. */
  prepare?(ctx: PrepareContext, targets: readonly TaskInput<A>[]): Promise<void>;
  facts(input: TaskInput<A>): FactStep<F>;
  plan(input: PlanInput<F>): Plan;
  /** Things a person should read about the facts (e.g. sites found on disk that Aegir does not know). */
  notices?(input: PlanInput<F>): readonly string[];
  afterSuccess?(ctx: HookContext<A, F>): Promise<void>;
  /** After the plan failed or was cancelled (and was rolled back), e.g. marks a site `failed`. */
  afterFailure?(ctx: HookContext<A, F>): Promise<void>;
}
