/**
 * How a worker runs tasks it claimed together (see `claimTasks`): as one merged plan through the
 * task pipeline (`runTogether`). A task that cannot join runs alone; when the merged plan failed at
 * some tasks' own step, the others run together again (a few times at most); tasks that must run
 * alone run a few at a time. A daemon that stops gives the tasks it has not started back to the
 * queue. One bad site never fails the others.
 */
import { AegirError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import { runTogether, type GroupMember } from '../tasks/run-group.js';
import { requestOf } from './request-of.js';
import type { GroupRunContext, GroupRunner, RunOutput, TaskRunner } from './runner.js';

/** Tasks of a failed group run alone, this many at once. */
const ALONE_AT_ONCE = 4;

/** Times a group whose plan failed runs again without the tasks the failure belonged to. */
const MAX_REGROUPS = 3;

export function hubGroupRunner(store: Store, home: string, alone: TaskRunner): GroupRunner {
  return async (tasks, ctx) => {
    const outputs = new Map<number, RunOutput | Error>();
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
      const byId = new Map(pending.map((task) => [task.id, task]));
      let again: TaskRecord[] = [];
      try {
        const results = await runTogether({ store, home }, pending.map((task) => member(task, ctx)));
        for (const task of pending) {
          const result = results.get(task.id);
          if (result?.kind === 'done') settle(task.id, result.output);
          else if (result?.kind === 'again') {
            ctx.member(task.id).onNotice(result.why);
            again.push(task);
          } else {
            if (result !== undefined) ctx.member(task.id).onNotice(result.why);
            solo.push(task);
          }
        }
      } catch (error) {
        // Nothing ran: each task runs alone and meets the problem (if it is one) on its own.
        const why = error instanceof Error ? error.message : String(error);
        const left = pending.filter((task) => !outputs.has(task.id));
        for (const task of left) ctx.member(task.id).onNotice(`could not run with ${left.length - 1} other ${task.verb} tasks (${why}); running alone`);
        solo.push(...left.filter((task) => byId.has(task.id)));
        again = [];
      }
      pending = again;
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

function member(task: TaskRecord, ctx: GroupRunContext): GroupMember {
  const own = ctx.member(task.id);
  return {
    key: task.id,
    request: requestOf(task),
    channels: { actor: task.requestedBy, signal: own.signal, onEvent: own.onEvent, onNotice: own.onNotice, ...(own.onPlan ? { onPlan: own.onPlan } : {}) },
  };
}
