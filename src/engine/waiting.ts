/**
 * Long waits say what they wait for: while an action (or its undo) runs, an `action-waiting`
 * event every `everyMs` names it, its server and how long it has taken so far, so a follower
 * of the task sees a stalled server at once instead of a silent pause.
 */
import type { Action } from '../plan/action.js';
import type { ExecutorEvent } from './types.js';

/** How often a running action is reported as still waiting (default of `ExecuteOptions.waitingEveryMs`). */
export const DEFAULT_WAITING_EVERY_MS = 10_000;

export interface WaitingReporter {
  /** `work`, with an `action-waiting` event for each of `actions` every interval until it settles. */
  watch<T>(actions: readonly Action[], phase: 'run' | 'undo', work: Promise<T>): Promise<T>;
}

export function waitingReporter(options: {
  readonly emit: (event: ExecutorEvent) => void;
  readonly now: () => number;
  readonly everyMs: number;
  readonly describe: (action: Action) => string;
}): WaitingReporter {
  return {
    async watch(actions, phase, work) {
      const started = options.now();
      const timer = setInterval(() => {
        const at = options.now();
        for (const action of actions) {
          options.emit({
            type: 'action-waiting', at, id: action.id, server: action.server, kind: action.kind,
            description: options.describe(action), phase, waitedMs: at - started,
          });
        }
      }, Math.max(1, options.everyMs));
      try {
        return await work;
      } finally {
        clearInterval(timer);
      }
    },
  };
}
