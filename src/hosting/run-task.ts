import { execute, type ExecutorEvent, type PlanResult } from '../engine/index.js';
import { AegirError, parseAlias, type Server } from '../model/index.js';
import { renderPlan, renderPlanJson, type Plan } from '../plan/index.js';
import type { Store } from '../store/index.js';
import type { TaskVerb } from '../tasks/types.js';
import { checkActor, type Actor } from './actor.js';
import { isHostKeyPinned, pinServerHostKey, scanServerHostKey } from './hub-keys.js';
import { MasterCopy } from './master-copy.js';
import { TaskConnections, type SqlRunnerFactory } from './tasks/connections.js';
import { taskFor } from './tasks/registry.js';

export interface TaskRequest {
  readonly verb: TaskVerb;
  readonly target: string;
  /** Print the plan, with diffs against what the hub last placed; touch nothing. */
  readonly dryRun?: boolean;
  /** Trust the host key of a server that has none pinned yet (the person confirmed it). */
  readonly acceptHostKey?: boolean;
}

export interface TaskRunOptions {
  /** AEGIR_HOME. */
  readonly home: string;
  readonly onEvent?: (event: ExecutorEvent) => void;
  /** Things a person should read: host keys trusted, and the like. */
  readonly onNotice?: (text: string) => void;
  readonly signal?: AbortSignal;
  /** SQL connections of db servers; default the servers' admin accounts (mysql2 / pg). */
  readonly sql?: SqlRunnerFactory;
  readonly color?: boolean;
  /**
   * Called with the plan once it is made and before anything runs (a real run only): the queue
   * stores it on the task row, so the plan of a running task can be shown.
   */
  readonly onPlan?: (plan: Plan) => Promise<void>;
  /**
   * False: run the plan only, and record nothing in the inventory on success (a compensation,
   * e.g. the delete plan of a site that removes what a dead worker's install left behind).
   */
  readonly recordInventory?: boolean;
}

export type TaskOutcome =
  | { readonly kind: 'dry-run'; readonly plan: Plan; readonly text: string; readonly json: string }
  | { readonly kind: 'ran'; readonly plan: Plan; readonly result: PlanResult };

/**
 * Runs one task now, in this process: check the target and the servers' host keys, gather facts,
 * plan, then either print the plan (dry run) or execute it and record what was placed.
 */
export async function runTask(store: Store, actor: Actor, request: TaskRequest, options: TaskRunOptions): Promise<TaskOutcome> {
  checkActor(actor);
  const target = parseAlias('target', request.target);
  const inventory = await store.loadInventory();
  const task = taskFor(inventory, request.verb, target);
  const master = new MasterCopy(options.home);
  const connections = new TaskConnections(inventory, options.home, options.sql);
  try {
    if (request.dryRun !== true) await ensureTrusted(inventory.servers.filter((s) => task.servers(inventory, target).includes(s.alias)), request, options);
    const facts = await task.gather(connections, inventory, target);
    const plan = task.plan({ inventory, target, facts });
    for (const notice of task.notices?.({ inventory, target, facts }) ?? []) options.onNotice?.(notice);
    if (request.dryRun === true) {
      return { kind: 'dry-run', plan, text: renderPlan(plan, { previous: master.previous, color: options.color ?? false }), json: renderPlanJson(plan) };
    }
    await options.onPlan?.(plan);
    const result = await execute(plan, {
      transports: connections.transport,
      sql: connections.sql,
      secrets: adminPasswords(inventory.servers.filter((s) => plan.actions.some((a) => a.server === s.alias))),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    master.record(plan, result.actions);
    if (result.status === 'succeeded' && options.recordInventory !== false) await task.afterSuccess?.(store, actor, target);
    return { kind: 'ran', plan, result };
  } finally {
    await connections.close();
  }
}

/** The db admin passwords of the servers a plan touches: redacted from every output, whatever a driver says. */
export function adminPasswords(servers: readonly Server[]): string[] {
  return servers.flatMap((server) => {
    const db = server.services.db;
    return db.impl === 'null' || db.settings.password === undefined ? [] : [db.settings.password.reveal()];
  });
}

async function ensureTrusted(
  servers: Parameters<typeof isHostKeyPinned>[1][],
  request: TaskRequest,
  options: TaskRunOptions,
): Promise<void> {
  for (const server of servers) {
    if (await isHostKeyPinned(options.home, server)) continue;
    const scan = await scanServerHostKey(server);
    if (scan === undefined) continue;
    if (request.acceptHostKey !== true) {
      throw new AegirError(
        'host_key_unknown',
        `the host key of ${server.alias} (${server.host}:${server.sshPort}) is not trusted yet; it offers:\n` +
          scan.fingerprints.map((f) => `  ${f}`).join('\n') +
          `\nif these are right, run again with --accept-host-key`,
      );
    }
    await pinServerHostKey(options.home, server, scan);
    for (const f of scan.fingerprints) options.onNotice?.(`trusted host key of ${server.alias}: ${f}`);
  }
}
