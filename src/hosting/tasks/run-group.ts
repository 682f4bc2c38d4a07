/**
 * Several tasks of one verb as one merged plan, through the stages of `run.ts`: one facts read per
 * kind and server, one prepare (one credentials transaction), one placement stream, one config test
 * and one reload per web head for all of them. Each task keeps its own plan, its share of the
 * results, its events and its hooks. What cannot join (its check or plan refuses, its actions clash)
 * is sent to run alone; when the merged plan failed at some tasks' own step, the others may run
 * together again; when it failed at a shared step, every task runs alone.
 */
import type { ExecutorEvent, PlanResult } from '../../engine/index.js';
import { actionIdsOf, mergePlans, type Plan } from '../../plan/index.js';
import { batchGroupPlan } from '../../tasks/group-batches.js';
import { AegirError } from '../../model/index.js';
import { isHostKeyPinned } from '../hub/hub-keys.js';
import { finish, openRun, type TaskChannels, type TaskHub, type TaskOutcome, type TaskRequest } from './run.js';
import type { PlannedTask } from './registered.js';

export interface GroupMember {
  readonly key: number;
  readonly request: TaskRequest;
  readonly channels: TaskChannels & { readonly signal: AbortSignal };
}

export type GroupResult =
  | { readonly kind: 'done'; readonly output: Extract<TaskOutcome, { kind: 'ran' }> | Error }
  | { readonly kind: 'again'; readonly why: string }
  | { readonly kind: 'alone'; readonly why: string };

/**
 * Runs the members as one plan. Throws only before anything ran on a server (then every member
 * runs alone); otherwise a result per member.
 */
export async function runTogether(hub: TaskHub, members: readonly GroupMember[]): Promise<Map<number, GroupResult>> {
  const results = new Map<number, GroupResult>();
  const alone = (member: GroupMember, why: string): void => void results.set(member.key, { kind: 'alone', why });
  const run = await openRun(hub, members.map((member) => member.request));
  try {
    const checked = members.filter((member, i) => {
      try {
        run.tasks[i]?.check();
        return true;
      } catch (error) {
        alone(member, messageOf(error));
        return false;
      }
    });
    const servers = run.serversOf([...new Set(run.tasks.flatMap((task) => task.servers()))]);
    for (const server of servers) {
      // A host key still to be trusted is a question for each task's own run.
      if (!(await isHostKeyPinned(hub.home, server))) throw new AegirError('host_key_unknown', `the host key of ${server.alias} is not trusted yet`);
    }
    const first = checked[0];
    if (first === undefined) return results;
    await run.prepare(first.channels.actor, checked.map((member) => member.request));
    const indexOf = new Map(members.map((member, i) => [member.key, i]));
    const plannedTasks = await run.facts(checked.map((member) => {
      const task = run.tasks[indexOf.get(member.key) ?? -1];
      if (task === undefined) throw new AegirError('not_in_group', `task ${member.key} is not in this group`);
      return task.start();
    }));
    const planned: { member: GroupMember; task: PlannedTask; plan: Plan }[] = [];
    checked.forEach((member, i) => {
      const task = plannedTasks[i];
      try {
        if (task === undefined) throw new AegirError('no_facts', `no facts for ${member.request.target}`);
        planned.push({ member, task, plan: task.plan() });
      } catch (error) {
        alone(member, messageOf(error));
      }
    });
    const merged = mergePlans(`${run.definition.verb} ${planned.length} sites`, planned.map(({ member, plan }) => ({ key: member.key, plan })));
    for (const entry of planned) if (merged.conflicts.includes(entry.member.key)) alone(entry.member, 'its plan clashes with another task of the group');
    const joined = planned.filter(({ member }) => merged.joined.includes(member.key));
    if (merged.plan === undefined || joined.length < 2) {
      for (const { member } of joined) alone(member, 'no other task could join it');
      return results;
    }
    const ids = new Map(joined.map(({ member, plan }) => [member.key, actionIdsOf(plan)]));
    // One SQL batch per db server and one login check per web head for all the sites.
    const batched = batchGroupPlan(merged.plan);
    const stands = (id: string): readonly string[] => batched.batches.get(id) ?? [id];
    const listing = joined.map(({ member }) => member.key).join(', ');
    for (const { member, plan, task } of joined) {
      member.channels.onNotice?.(`runs with ${joined.length - 1} other ${run.definition.verb}s on the same platform as one plan (tasks ${listing})`);
      for (const notice of task.notices()) member.channels.onNotice?.(notice);
      await member.channels.onPlan?.(plan);
    }
    const route = (event: ExecutorEvent): void => {
      const id = 'id' in event ? event.id : event.type === 'action-end' ? event.result.id : undefined;
      for (const { member } of joined) {
        const own = ids.get(member.key);
        if (id === undefined || stands(id).some((original) => own?.has(original) === true)) member.channels.onEvent?.(event);
      }
    };
    const result = await run.execute(batched.plan, {
      // This round's tasks only: a task cancelled in an earlier round does not stop the next group.
      signal: AbortSignal.any(joined.map(({ member }) => member.channels.signal)),
      onEvent: route,
    });
    // From here on the servers were touched: every task gets its end here, none runs alone again
    // after a plan that succeeded.
    const failure = result.failure;
    const culprits = new Set(failure === undefined ? [] : joined
      .filter(({ member }) => stands(failure.actionId).some((id) => ids.get(member.key)?.has(id) === true))
      .map(({ member }) => member.key));
    const cancelledHere = joined.filter(({ member }) => member.channels.signal.aborted).length;
    const regroup = (result.status === 'failed' && culprits.size > 0 && culprits.size < joined.length)
      || (result.status === 'cancelled' && cancelledHere > 0 && cancelledHere < joined.length);
    const why = failure === undefined ? result.status : `${failure.actionId} on ${failure.server}: ${failure.reason}`;
    for (const { member, plan, task } of joined) {
      const own = shareOf(result, ids.get(member.key) ?? new Set(), stands);
      try {
        if (result.status === 'succeeded') {
          await finish(hub, member.channels, member.request.target, task, plan, own);
          results.set(member.key, { kind: 'done', output: { kind: 'ran', plan, result: own } });
        } else if (member.channels.signal.aborted) {
          // This task was cancelled (or lost): it ends so, as it would have alone.
          const cancelled: PlanResult = { ...own, status: 'cancelled' };
          await finish(hub, member.channels, member.request.target, task, plan, cancelled);
          results.set(member.key, { kind: 'done', output: { kind: 'ran', plan, result: cancelled } });
        } else if (regroup && !culprits.has(member.key)) {
          results.set(member.key, { kind: 'again', why: `the group's plan did not succeed (${why}) and was rolled back; running again without the task(s) it failed for` });
        } else {
          results.set(member.key, { kind: 'alone', why: `the group's plan did not succeed (${why}) and was rolled back; running alone` });
        }
      } catch (error) {
        results.set(member.key, { kind: 'done', output: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    return results;
  } finally {
    await run.close();
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
