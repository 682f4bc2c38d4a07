/**
 * Tasks the daemon claimed together (see `claimTasks`): installs queued on one platform run as one
 * merged plan, so that N sites share one placement stream, one config test and one reload per web
 * head, one facts read per server and one credentials transaction. A task that cannot join the group
 * (its plan clashes, or planning it failed) runs alone. When the group's plan fails (and was rolled
 * back) at a step of some of its tasks, those run alone and the others run together again; when the
 * failing step is one they all share, every task runs alone. One bad site never fails the others.
 */
import { execute, type ExecutorEvent, type PlanResult } from '../../engine/index.js';
import { AegirError, parseAlias } from '../../model/index.js';
import { actionIdsOf, mergePlans, type Plan } from '../../plan/index.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import { isHostKeyPinned } from '../hub-keys.js';
import { MasterCopy } from '../master-copy.js';
import { adminPasswords } from '../run-task.js';
import { TaskConnections } from '../tasks/connections.js';
import { taskFor } from '../tasks/registry.js';
import { batchGroupPlan } from '../../tasks/group-batches.js';
import { gatherGroupSiteFacts } from '../tasks/site-facts.js';
import { ensureSitesCredentials } from '../tasks/site-credentials.js';
import type { GroupRunContext, GroupRunner, RunOutput, TaskRunner } from './runner.js';

/** Verbs whose queued tasks are claimed and run in groups. */
export const GROUP_VERBS: readonly string[] = ['install'];

/** Tasks of a failed group run alone, this many at once. */
const ALONE_AT_ONCE = 4;

/** Times a group whose plan failed runs again without the tasks the failure belonged to. */
const MAX_REGROUPS = 3;

type Outputs = Map<number, RunOutput | Error>;


export function hubGroupRunner(store: Store, home: string, alone: TaskRunner): GroupRunner {
  return async (tasks, ctx) => {
    const outputs: Outputs = new Map();
    // Every end is recorded at once, not when the whole group is done.
    const settle = (id: number, output: RunOutput | Error): void => {
      outputs.set(id, output);
      ctx.done(id, output);
    };
    const solo: TaskRecord[] = [];
    let pending: TaskRecord[] = [...tasks];
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > 0 && ctx.stopping?.aborted === true) {
        for (const task of pending) ctx.release(task.id, 'the daemon stopped before this task ran with its group again');
        break;
      }
      if (pending.length < 2 || round > MAX_REGROUPS) {
        solo.push(...pending);
        break;
      }
      try {
        const next = await runTogether(store, home, pending, ctx, settle);
        solo.push(...next.alone);
        pending = next.again;
      } catch (error) {
        // Nothing ran: each task runs alone and meets the problem (if it is one) on its own.
        const why = error instanceof Error ? error.message : String(error);
        const left = pending.filter((task) => !outputs.has(task.id));
        for (const task of left) ctx.member(task.id).onNotice(`could not run with ${left.length - 1} other ${task.verb} tasks (${why}); running alone`);
        solo.push(...left);
        pending = [];
      }
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let task = solo[next++]; task !== undefined; task = solo[next++]) {
        if (ctx.stopping?.aborted === true) {
          // The daemon is stopping: what has not started goes back to the queue, for the next daemon.
          ctx.release(task.id, 'the daemon stopped before this task of its group ran alone');
          outputs.set(task.id, new AegirError('released', 'released to the queue'));
          continue;
        }
        try {
          settle(task.id, await alone(task, ctx.member(task.id)));
        } catch (error) {
          settle(task.id, error instanceof Error ? error : new Error(String(error)));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ALONE_AT_ONCE, solo.length) }, lane));
    return outputs;
  };
}

/**
 * Runs what can run as one plan and settles those tasks. Returns the tasks that must run alone and
 * those that may run together again: when the plan failed at a step of some tasks only, the others
 * (rolled back with it) form the next group; when one task was cancelled, the others do.
 * Throws only before anything ran on a server (then every task runs alone).
 */
async function runTogether(
  store: Store, home: string, tasks: readonly TaskRecord[], ctx: GroupRunContext, settle: (id: number, output: RunOutput | Error) => void,
): Promise<{ alone: TaskRecord[]; again: TaskRecord[] }> {
  const first = tasks[0];
  if (first === undefined) return { alone: [], again: [] };
  if (!GROUP_VERBS.includes(first.verb) || tasks.some((task) => task.verb !== first.verb)) throw new AegirError('group_verb', `'${first.verb}' tasks do not run in groups`);
  const targets = tasks.map((task) => parseAlias('target', task.target));
  const before = await store.loadInventory();
  const definition = taskFor(before, 'install', targets[0] ?? first.target);
  for (const server of before.servers.filter((s) => definition.servers(before, first.target).includes(s.alias))) {
    // A host key still to be trusted is a question for each task's own run.
    if (!(await isHostKeyPinned(home, server))) throw new AegirError('host_key_unknown', `the host key of ${server.alias} is not trusted yet`);
  }
  await ensureSitesCredentials(store, targets);
  const inventory = await store.loadInventory();
  const connections = new TaskConnections(inventory, home);
  try {
    const facts = await gatherGroupSiteFacts(connections, inventory, targets, { install: true });
    const solo: TaskRecord[] = [];
    const planned: { task: TaskRecord; plan: Plan }[] = [];
    for (const task of tasks) {
      const siteFacts = facts.get(task.target);
      try {
        if (siteFacts === undefined) throw new AegirError('no_facts', `no facts for ${task.target}`);
        planned.push({ task, plan: definition.plan({ inventory, target: task.target, facts: siteFacts }) });
      } catch {
        solo.push(task);
      }
    }
    const merged = mergePlans(`install ${planned.length} sites of ${inventory.sites.find((s) => s.alias === first.target)?.platform ?? 'one platform'}`,
      planned.map(({ task, plan }) => ({ key: task.id, plan })));
    solo.push(...planned.filter(({ task }) => merged.conflicts.includes(task.id)).map(({ task }) => task));
    const members = planned.filter(({ task }) => merged.joined.includes(task.id));
    if (merged.plan === undefined || members.length < 2) return { alone: [...solo, ...members.map(({ task }) => task)], again: [] };

    const ids = new Map(members.map(({ task, plan }) => [task.id, actionIdsOf(plan)]));
    // One SQL batch per db server and one login check per web head for all the sites.
    const batched = batchGroupPlan(merged.plan);
    const stands = (id: string): readonly string[] => batched.batches.get(id) ?? [id];
    const listing = members.map(({ task }) => task.id).join(', ');
    for (const { task, plan } of members) {
      const member = ctx.member(task.id);
      member.onNotice(`runs with ${members.length - 1} other installs on the same platform as one plan (tasks ${listing})`);
      await member.onPlan?.(plan);
    }
    const route = (event: ExecutorEvent): void => {
      const id = 'id' in event ? event.id : event.type === 'action-end' ? event.result.id : undefined;
      for (const { task } of members) {
        const own = ids.get(task.id);
        if (id === undefined || stands(id).some((original) => own?.has(original) === true)) ctx.member(task.id).onEvent(event);
      }
    };
    const result = await execute(batched.plan, {
      transports: connections.transport,
      sql: connections.sql,
      secrets: adminPasswords(inventory.servers.filter((s) => batched.plan.actions.some((a) => a.server === s.alias))),
      // This round's tasks only: a task cancelled in an earlier round does not stop the next group.
      signal: AbortSignal.any(members.map(({ task }) => ctx.member(task.id).signal)),
      onEvent: route,
    });
    // From here on the servers were touched: every task gets its end here, none runs again alone
    // after a plan that succeeded.
    try {
      new MasterCopy(home).record(batched.plan, result.actions);
    } catch (error) {
      for (const { task } of members) ctx.member(task.id).onNotice(`the hub's copy of the placed files was not updated: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Whose step failed: when it is some tasks' own step (not a shared one), the others go again.
    const failure = result.failure;
    const culprits = new Set(failure === undefined ? [] : members
      .filter(({ task }) => stands(failure.actionId).some((id) => ids.get(task.id)?.has(id) === true))
      .map(({ task }) => task.id));
    const cancelledHere = members.filter(({ task }) => ctx.member(task.id).signal.aborted).length;
    const regroup = (result.status === 'failed' && culprits.size > 0 && culprits.size < members.length)
      || (result.status === 'cancelled' && cancelledHere > 0 && cancelledHere < members.length);
    const why = failure === undefined ? result.status : `${failure.actionId} on ${failure.server}: ${failure.reason}`;
    const again: TaskRecord[] = [];
    for (const { task, plan } of members) {
      const own = shareOf(result, ids.get(task.id) ?? new Set(), stands);
      const member = ctx.member(task.id);
      try {
        if (result.status === 'succeeded') {
          await definition.afterSuccess?.(store, task.requestedBy, task.target);
          settle(task.id, { plan, result: own });
        } else if (member.signal.aborted) {
          // This task was cancelled (or lost): it ends so, as it would have alone.
          await definition.afterFailure?.(store, task.requestedBy, task.target);
          settle(task.id, { plan, result: { ...own, status: 'cancelled' } });
        } else if (regroup && !culprits.has(task.id)) {
          member.onNotice(`the group's plan did not succeed (${why}) and was rolled back; running again without the task(s) it failed for`);
          again.push(task);
        } else {
          member.onNotice(`the group's plan did not succeed (${why}) and was rolled back; running alone`);
          solo.push(task);
        }
      } catch (error) {
        settle(task.id, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return { alone: solo, again };
  } finally {
    await connections.close();
  }
}

/**
 * A member's share of a merged run: the results of its own actions (a batch's result stands for
 * each action it replaced, under that action's id), the failure if it was one of them.
 */
function shareOf(result: PlanResult, ids: ReadonlySet<string>, stands: (id: string) => readonly string[]): PlanResult {
  const actions = result.actions.flatMap((action) => stands(action.id).filter((id) => ids.has(id)).map((id) => (id === action.id ? action : { ...action, id })));
  const failed = result.failure === undefined ? [] : stands(result.failure.actionId).filter((id) => ids.has(id));
  const failure = result.failure !== undefined && failed[0] !== undefined ? { failure: { ...result.failure, actionId: failed[0] } } : {};
  return {
    status: result.status,
    actions,
    durationMs: result.durationMs,
    ...(result.warnings === undefined ? {} : { warnings: result.warnings }),
    ...failure,
  };
}
