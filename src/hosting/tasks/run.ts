/**
 * The one way a task runs, whoever asks (the CLI alone, a daemon's worker, a group of installs, a
 * fleet verify, a recovery): trust (host keys) → prepare (records the plan needs, e.g. a site's
 * credentials) → facts (asked as data, read through the task's connections) → plan → execute →
 * master copy → hooks (records after success or failure). A dry run stops after the plan and
 * prints it. `runTask` runs one task; `run-group.ts` runs several as one merged plan through the
 * same stages. This file holds every call of the executor.
 */
import { execute, type ExecuteOptions, type ExecutorEvent, type PlanResult } from '../../engine/index.js';
import { resolveFactStep, resolveFactSteps, type FactSources } from '../../engine/facts/read.js';
import type { FactStep, HubFactRequest } from '../../facts/index.js';
import { AegirError, parseAlias, type Inventory, type Server } from '../../model/index.js';
import { renderPlan, renderPlanJson, type Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { TaskVerb } from '../../tasks/types.js';
import { checkActor, type Actor } from '../actor.js';
import { chooseBackup, freeBackupStamp, hubPaths } from '../backups/archive.js';
import { isHostKeyPinned, pinServerHostKey, scanServerHostKey } from '../hub/hub-keys.js';
import { MasterCopy } from '../hub/master-copy.js';
import { TaskConnections } from './connections.js';
import type { BoundTask, PlannedTask, RegisteredTask } from './registered.js';
import { taskFor } from './registry.js';

/** Admin connections per db server a group of tasks run as one plan may hold at once. */
const GROUP_DB_CONNECTIONS = 4;

export interface TaskRequest {
  readonly verb: TaskVerb;
  readonly target: string;
  /** The task's own arguments (as queued). */
  readonly args?: Readonly<Record<string, unknown>>;
  /** Trust the host key of a server that has none pinned yet (the person confirmed it). */
  readonly acceptHostKey?: boolean;
  /** Print the plan, with diffs against what the hub last placed; touch nothing, record nothing. */
  readonly dryRun?: boolean;
  /** Plan against this inventory rather than the store's (a dry run of a site not added yet). */
  readonly inventory?: Inventory;
  /** Run the plan only: no check, no prepare, no hooks (undoing what a lost attempt did). */
  readonly compensation?: boolean;
}

/** The hub a task runs on. */
export interface TaskHub {
  readonly store: Store;
  /** AEGIR_HOME. */
  readonly home: string;
  readonly color?: boolean;
}

/** One task's own channels: who asked, its events and notices, its cancellation. */
export interface TaskChannels {
  readonly actor: Actor;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ExecutorEvent) => void;
  /** Things a person should read: host keys trusted, backups kept, and the like. */
  readonly onNotice?: (text: string) => void;
  /** Called with the plan before anything runs (the queue stores it); throws when the run must not go on. */
  readonly onPlan?: (plan: Plan) => Promise<void>;
}

export type TaskOutcome =
  | { readonly kind: 'dry-run'; readonly plan: Plan; readonly text: string; readonly json: string }
  | { readonly kind: 'ran'; readonly plan: Plan; readonly result: PlanResult };

/** Runs one task now, in this process. */
export async function runTask(hub: TaskHub, channels: TaskChannels, request: TaskRequest): Promise<TaskOutcome> {
  checkActor(channels.actor);
  const run = await openRun(hub, [request]);
  try {
    const [task] = run.tasks;
    if (task === undefined) throw new AegirError('task_not_run', 'no task to run');
    if (request.compensation !== true) task.check();
    if (request.dryRun !== true) {
      await ensureTrusted(hub.home, run.serversOf(task.servers()), request.acceptHostKey === true, channels.onNotice);
      if (request.compensation !== true) await run.prepare(channels.actor, [request]);
    }
    const [planned] = await run.facts(run.tasks.map((bound) => bound.start()));
    if (planned === undefined) throw new AegirError('task_not_run', 'no facts for the task');
    const plan = planned.plan();
    for (const notice of planned.notices()) channels.onNotice?.(notice);
    if (request.dryRun === true) {
      const master = new MasterCopy(hub.home);
      return { kind: 'dry-run', plan, text: renderPlan(plan, { previous: master.previous, color: hub.color ?? false }), json: renderPlanJson(plan) };
    }
    await channels.onPlan?.(plan);
    const result = await run.execute(plan, channels);
    if (request.compensation !== true) await finish(hub, channels, request.target, planned, plan, result);
    return { kind: 'ran', plan, result };
  } finally {
    await run.close();
  }
}

/** The hooks of a planned task once its plan ran: `afterSuccess`, or `afterFailure` after a rollback. */
export async function finish(hub: TaskHub, channels: TaskChannels, target: string, planned: PlannedTask, plan: Plan, result: PlanResult): Promise<void> {
  const ctx = { store: hub.store, actor: channels.actor, home: hub.home, target, plan, result, notice: (text: string) => channels.onNotice?.(text) };
  if (result.status === 'succeeded') await planned.afterSuccess(ctx);
  else await planned.afterFailure(ctx);
}

/** The stages of a run of one or more tasks of one verb, over one set of connections. */
export interface OpenRun {
  readonly definition: RegisteredTask;
  /** The tasks bound to their arguments, against the inventory of the run (after `prepare`, the new one). */
  readonly tasks: readonly BoundTask[];
  readonly inventory: () => Inventory;
  serversOf(aliases: readonly string[]): Server[];
  /** The definition's `prepare` for all the tasks; the tasks are bound again to the inventory it left. */
  prepare(actor: Actor, requests: readonly TaskRequest[]): Promise<void>;
  /** Every step's facts, read together (merged per kind and server). */
  facts<F>(steps: readonly FactStep<F>[]): Promise<F[]>;
  execute(plan: Plan, channels: Pick<TaskChannels, 'signal' | 'onEvent'>): Promise<PlanResult>;
  close(): Promise<void>;
}

/** Opens a run: the inventory, the definition and every task bound to its arguments, the connections. */
export async function openRun(hub: TaskHub, requests: readonly TaskRequest[]): Promise<OpenRun> {
  const first = requests[0];
  if (first === undefined) throw new AegirError('task_not_run', 'no task to run');
  if (requests.some((request) => request.verb !== first.verb)) throw new AegirError('group_verb', 'tasks of different verbs do not run as one plan');
  let inventory = first.inventory ?? await hub.store.loadInventory();
  const targets = requests.map((request) => parseAlias('target', request.target));
  const definition = taskFor(inventory, first.verb, targets[0] ?? first.target);
  const bindAll = (): BoundTask[] => requests.map((request, i) => taskFor(inventory, request.verb, targets[i] ?? request.target)
    .bind(inventory, targets[i] ?? request.target, request.args ?? {}));
  let tasks = bindAll();
  // A group's SQL runs side by side (per site), a single task's over one connection.
  const connections = new TaskConnections(inventory, hub.home, requests.length > 1 ? GROUP_DB_CONNECTIONS : definition.dbConnections);
  const sources: FactSources = {
    get servers() {
      return inventory.servers;
    },
    transport: connections.transport,
    db: connections.db,
    hub: (request) => hubFact(hub, request),
  };
  const facts = <F>(steps: readonly FactStep<F>[]): Promise<F[]> => resolveFactSteps(steps, sources);
  return {
    definition,
    get tasks() {
      return tasks;
    },
    inventory: () => inventory,
    serversOf: (aliases) => inventory.servers.filter((server) => aliases.includes(server.alias)),
    async prepare(actor, prepared) {
      if (!definition.hasPrepare) return;
      await definition.prepare({ store: hub.store, actor, facts: (step) => resolveFactStep(step, sources) },
        prepared.map((request, i) => ({ inventory, target: targets[i] ?? request.target, args: request.args ?? {} })));
      inventory = await hub.store.loadInventory();
      tasks = bindAll();
    },
    facts,
    execute: async (plan, channels) => {
      const result = await runPlan(plan, {
        transports: connections.transport,
        sql: connections.db,
        secrets: adminPasswords(inventory.servers.filter((s) => plan.actions.some((a) => a.server === s.alias))),
        ...(channels.signal ? { signal: channels.signal } : {}),
        ...(channels.onEvent ? { onEvent: channels.onEvent } : {}),
      });
      new MasterCopy(hub.home).record(plan, result.actions);
      return result;
    },
    close: () => connections.close(),
  };
}

/**
 * Runs a plan through the executor: the one call of `execute` in the hub, for tasks and for the
 * plans a task runs on the way (the ACME challenge files of a certificate).
 */
export function runPlan(plan: Plan, options: ExecuteOptions): Promise<PlanResult> {
  return execute(plan, options);
}

/** The facts the hub answers from its own records. */
async function hubFact(hub: TaskHub, request: HubFactRequest): Promise<unknown> {
  switch (request.kind) {
    case 'hub-paths':
      return hubPaths(hub.home);
    case 'backup-stamp':
      return await freeBackupStamp(hub.home, request.uri);
    case 'backup':
      return await chooseBackup(hub.store, request.site, request.id);
  }
}

/** The db admin passwords of the servers a plan touches: redacted from every output, whatever a driver says. */
export function adminPasswords(servers: readonly Server[]): string[] {
  return servers.flatMap((server) => {
    const db = server.services.db;
    return db.impl === 'null' || db.settings.password === undefined ? [] : [db.settings.password.reveal()];
  });
}

/** Every server's host key is pinned, or pinned now when the person accepted it; else a clear refusal. */
export async function ensureTrusted(home: string, servers: readonly Server[], accept: boolean, onNotice?: (text: string) => void): Promise<void> {
  for (const server of servers) {
    if (await isHostKeyPinned(home, server)) continue;
    const scan = await scanServerHostKey(server);
    if (scan === undefined) continue;
    if (!accept) {
      throw new AegirError(
        'host_key_unknown',
        `the host key of ${server.alias} (${server.host}:${server.sshPort}) is not trusted yet; it offers:\n` +
          scan.fingerprints.map((f) => `  ${f}`).join('\n') +
          `\nif these are right, run again with --accept-host-key`,
      );
    }
    await pinServerHostKey(home, server, scan);
    for (const f of scan.fingerprints) onNotice?.(`trusted host key of ${server.alias}: ${f}`);
  }
}
