import { AegirError, parseAlias, type Inventory } from '../../model/index.js';
import { enqueueTask, PRIORITY_USER } from '../../store/queue/index.js';
import type { Store } from '../../store/index.js';
import { TASK_VERBS, type TaskVerb } from '../../tasks/types.js';
import { checkActor, type Actor } from '../actor.js';
import { taskFor } from '../tasks/registry.js';
import { locksFor } from './task-locks.js';

export interface TaskAsk {
  readonly verb: string;
  readonly target: string;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly priority?: number;
  /** Run only after this task succeeded (cancelled if it does not). */
  readonly dependsOn?: number;
}

/** Refuses a task the hub cannot run; the default is the hub's task registry. */
export type TaskCheck = (inventory: Inventory, verb: string, target: string, args: Readonly<Record<string, unknown>>) => void;

/** The verb must be one of the registry's for the target's kind, its arguments valid, and its own check pass. */
export const checkWithRegistry: TaskCheck = (inventory, verb, target, args) => {
  if (!(TASK_VERBS as readonly string[]).includes(verb)) {
    throw new AegirError('unsupported_task', `unknown task '${verb}'`, { exitCode: 2 });
  }
  const { acceptHostKey: _flag, ...own } = args;
  taskFor(inventory, verb as TaskVerb, target).bind(inventory, target, own).check();
};

/** Refuses now (exit 2) what `requestTask` would refuse, queueing nothing: before a person is asked to confirm. */
export async function checkRequest(store: Store, actor: Actor, ask: TaskAsk, check: TaskCheck = checkWithRegistry): Promise<void> {
  checkActor(actor);
  check(await store.loadInventory(), ask.verb, parseAlias('target', ask.target), ask.args ?? {});
}

/**
 * Queues a task in the transaction `tx` is in (call it inside the transaction of the entity change
 * that asks for it). Its locks are computed from the inventory as that transaction sees it.
 */
export async function requestTask(tx: Store, actor: Actor, ask: TaskAsk, check: TaskCheck = checkWithRegistry): Promise<number> {
  checkActor(actor);
  const target = parseAlias('target', ask.target);
  return await tx.transaction(async (inner) => {
    const inventory = await inner.loadInventory();
    check(inventory, ask.verb, target, ask.args ?? {});
    return await enqueueTask(inner, {
      verb: ask.verb,
      target,
      requestedBy: actor,
      priority: ask.priority ?? PRIORITY_USER,
      locks: locksFor(inventory, target),
      ...(ask.args === undefined ? {} : { args: ask.args }),
      ...(ask.dependsOn === undefined ? {} : { dependsOn: ask.dependsOn }),
    });
  });
}

/**
 * A use case that changes entities and asks for a task, atomically: both are committed, or neither
 * (e.g. add a site and queue its install). `ask` may depend on what `change` returned.
 */
export async function changeAndRequest<T>(
  store: Store,
  actor: Actor,
  change: (tx: Store) => Promise<T>,
  ask: TaskAsk | ((changed: T) => TaskAsk),
  check: TaskCheck = checkWithRegistry,
): Promise<{ readonly changed: T; readonly taskId: number }> {
  return await store.transaction(async (tx) => {
    const changed = await change(tx);
    const taskId = await requestTask(tx, actor, typeof ask === 'function' ? ask(changed) : ask, check);
    return { changed, taskId };
  });
}
