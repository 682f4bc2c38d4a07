/**
 * What the lifecycle tasks share: a run context, one plan executed like any task (transports,
 * SQL, redaction, the master copy of placed files), and several phases joined into the one plan
 * and result the queue records.
 */
import { execute, type ActionResult, type ExecutorEvent, type PlanResult } from '../../engine/index.js';
import type { Inventory, Server } from '../../model/index.js';
import { createPlan, renderPlan, renderPlanJson, type Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { MasterCopy } from '../master-copy.js';
import type { TaskConnections } from '../tasks/connections.js';

export interface LifecycleContext {
  readonly store: Store;
  readonly actor: Actor;
  /** AEGIR_HOME: the backups live under it. */
  readonly home: string;
  readonly dryRun?: boolean;
  readonly onEvent?: (event: ExecutorEvent) => void;
  readonly onNotice?: (text: string) => void;
  readonly signal?: AbortSignal;
  readonly color?: boolean;
}

/** A lifecycle task's outcome, shaped like a task's: the plan printed, or the plan run. */
export type LifecycleOutcome =
  | { readonly kind: 'dry-run'; readonly plan: Plan; readonly text: string; readonly json: string }
  | { readonly kind: 'ran'; readonly plan: Plan; readonly result: PlanResult };

export interface Phase {
  readonly plan: Plan;
  readonly result?: PlanResult;
}

/** Executes one plan of a lifecycle task and records what it placed. */
export async function runPhase(ctx: LifecycleContext, connections: TaskConnections, inventory: Inventory, plan: Plan): Promise<PlanResult> {
  const result = await execute(plan, {
    transports: connections.transport,
    sql: connections.sql,
    secrets: adminPasswords(inventory.servers.filter((s) => plan.actions.some((a) => a.server === s.alias))),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.onEvent ? { onEvent: ctx.onEvent } : {}),
  });
  new MasterCopy(ctx.home).record(plan, result.actions);
  return result;
}

/** The phases as one plan (the dry run, the queue's record) and one result. */
export function joinPhases(ctx: LifecycleContext, title: string, phases: readonly Phase[]): LifecycleOutcome {
  const plan = createPlan(title, phases.flatMap((phase) => phase.plan.actions));
  if (ctx.dryRun === true) {
    const master = new MasterCopy(ctx.home);
    return { kind: 'dry-run', plan, text: renderPlan(plan, { previous: master.previous, color: ctx.color ?? false }), json: renderPlanJson(plan) };
  }
  const ran = phases.filter((phase) => phase.result !== undefined);
  const actions: ActionResult[] = [];
  for (const phase of phases) {
    actions.push(...(phase.result?.actions ?? phase.plan.actions.map((a) => ({ id: a.id, server: a.server, kind: a.kind, status: 'skipped' as const, note: 'an earlier phase failed' }))));
  }
  const failed = ran.find((phase) => phase.result?.status !== 'succeeded')?.result;
  const warnings = ran.flatMap((phase) => phase.result?.warnings ?? []);
  const result: PlanResult = {
    status: failed?.status ?? 'succeeded',
    actions,
    ...(failed?.failure === undefined ? {} : { failure: failed.failure }),
    ...(warnings.length === 0 ? {} : { warnings }),
    durationMs: ran.reduce((sum, phase) => sum + (phase.result?.durationMs ?? 0), 0),
  };
  return { kind: 'ran', plan, result };
}

/** A failed result for work done on the hub between phases (packing, extracting). */
export function hubFailure(plan: Plan, reason: string): PlanResult {
  return {
    status: 'failed',
    actions: plan.actions.map((a) => ({ id: a.id, server: a.server, kind: a.kind, status: 'skipped' as const })),
    failure: { actionId: '(hub)', server: '@hub', reason },
    durationMs: 0,
  };
}

function adminPasswords(servers: readonly Server[]): string[] {
  return servers.flatMap((server) => {
    const db = server.services.db;
    return db.impl === 'null' || db.settings.password === undefined ? [] : [db.settings.password.reveal()];
  });
}
