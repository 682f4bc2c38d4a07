/**
 * A task definition as the registry holds it: its arguments parsed once, and every later step
 * closed over the definition's own types, so that the registry holds tasks of any arguments and
 * facts without a cast. `bind` parses the arguments (a refusal names the field and the rule);
 * `start` gives the fact step whose end is the planned task (plan, notices, hooks).
 */
import { ValidationError } from '../../model/index.js';
import { andThen, type FactStep } from '../../facts/index.js';
import type { Inventory } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import type { TaskTargetKind, TaskVerb } from '../../tasks/types.js';
import type { HookContext, PrepareContext, RerunUndo, TaskDefinition, TaskInput } from './definition.js';

/** What the hooks get besides what the pipeline already knows of the task. */
export type RunHookContext = Omit<HookContext<unknown, unknown>, 'args' | 'facts'>;

/** A task once its facts are read: its plan (which may refuse), notices and hooks. */
export interface PlannedTask {
  plan(): Plan;
  notices(): readonly string[];
  afterSuccess(ctx: RunHookContext): Promise<void>;
  afterFailure(ctx: RunHookContext): Promise<void>;
}

export interface BoundTask {
  readonly verb: TaskVerb;
  readonly target: string;
  check(): void;
  servers(): readonly string[];
  /** The facts step; its end is the planned task. */
  start(): FactStep<PlannedTask>;
}

export interface RegisteredTask {
  readonly verb: TaskVerb;
  readonly targetKind: TaskTargetKind;
  readonly groupable: boolean;
  readonly beforeRerun?: RerunUndo;
  readonly hasPrepare: boolean;
  readonly dbConnections: number;
  bind(inventory: Inventory, target: string, rawArgs: unknown): BoundTask;
  /** `prepare` of the definition for all these targets at once (nothing when it has none). */
  prepare(ctx: PrepareContext, targets: readonly { readonly inventory: Inventory; readonly target: string; readonly args: unknown }[]): Promise<void>;
}

export function registered<A, F>(definition: TaskDefinition<A, F>): RegisteredTask {
  const parseArgs = (raw: unknown): A => {
    const parsed = definition.args.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? 'args' : issue.path.join('.');
    throw new ValidationError(field, raw, `is not a valid argument of '${definition.verb}': ${issue?.message ?? 'refused'}`);
  };
  return {
    verb: definition.verb,
    targetKind: definition.targetKind,
    groupable: definition.groupable === true,
    ...(definition.beforeRerun === undefined ? {} : { beforeRerun: definition.beforeRerun }),
    hasPrepare: definition.prepare !== undefined,
    dbConnections: definition.dbConnections ?? 1,
    bind(inventory, target, rawArgs) {
      const input: TaskInput<A> = { inventory, target, args: parseArgs(rawArgs) };
      return {
        verb: definition.verb,
        target,
        check: () => definition.check?.(input),
        servers: () => definition.servers(input),
        start: () => andThen(definition.facts(input), (facts): PlannedTask => {
          const planInput = { inventory, target, facts };
          const hook = (ctx: RunHookContext): HookContext<A, F> => ({ ...ctx, args: input.args, facts });
          return {
            plan: () => definition.plan(planInput),
            notices: () => definition.notices?.(planInput) ?? [],
            afterSuccess: async (ctx) => definition.afterSuccess?.(hook(ctx)),
            afterFailure: async (ctx) => definition.afterFailure?.(hook(ctx)),
          };
        }),
      };
    },
    async prepare(ctx, targets) {
      if (definition.prepare === undefined) return;
      await definition.prepare(ctx, targets.map((t) => ({ inventory: t.inventory, target: t.target, args: parseArgs(t.args) })));
    },
  };
}
