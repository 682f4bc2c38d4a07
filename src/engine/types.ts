/**
 * The executor's public types: its options, the result of a plan and of each action, and the
 * events it emits as it goes. Results and events are plain JSON-serialisable data, already
 * redacted, so the CLI can print them and the task log can store them as they are.
 */
import type { ActionKind } from '../plan/action.js';
import type { Transport } from '../transport/transport.js';

export type { SqlRunner } from '../transport/sql/connection.js';
import type { SqlRunner } from '../transport/sql/connection.js';

export interface ExecuteOptions {
  /** The transport of a server alias. Called once per server and run; the caller closes them. */
  readonly transports: (server: string) => Transport;
  /** The SQL runner of a db server alias; needed only by plans with `sql` actions. */
  readonly sql?: (server: string) => SqlRunner;
  /** Actions running at once over all servers (default 16). */
  readonly globalLimit?: number;
  /** Actions running at once on one server (default 4). */
  readonly perServerLimit?: number;
  /** Aborting stops scheduling, lets running actions finish, then rolls back. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ExecutorEvent) => void;
  /** More strings to redact from output tails, errors and events. */
  readonly secrets?: readonly string[];
  /** Hub directory for the executor's own scratch files (backups of fetched trees); default the OS temp dir. */
  readonly stagingDir?: string;
  /**
   * Where the executor keeps the trash of removed paths and the backups of pushed trees on every
   * server: fresh directories under `<workDir>/trash` (default `/var/lib/aegir`, see plan/scratch.ts).
   */
  readonly workDir?: string;
  /** Clock in epoch ms (for tests); default `Date.now`. */
  readonly now?: () => number;
  /** How often a running action (or undo) is reported as still waiting (`action-waiting`); default 10 s. */
  readonly waitingEveryMs?: number;
}

export const ACTION_STATUSES = ['ok', 'changed', 'failed', 'skipped', 'undone'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const PLAN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface ActionResult {
  readonly id: string;
  readonly server: string;
  readonly kind: ActionKind;
  /** `ok`: nothing needed changing; `changed`: done (and kept); `undone`: done, then rolled back. */
  readonly status: ActionStatus;
  /** Epoch ms; absent for skipped actions. */
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly durationMs?: number;
  readonly exitCode?: number;
  /** The last ~4 KiB of output, redacted. */
  readonly stdoutTail?: string;
  readonly stderrTail?: string;
  /** Why the action failed (redacted). */
  readonly error?: string;
  /** Why rolling this action back failed (redacted): the server may differ from before. */
  readonly undoError?: string;
  /** Why a skipped action did not run when that was by plan (e.g. nothing it depends on changed). */
  readonly note?: string;
}

export interface PlanFailure {
  readonly actionId: string;
  readonly server: string;
  readonly reason: string;
}

export interface PlanResult {
  readonly status: PlanStatus;
  /** One result per action, in plan order. */
  readonly actions: readonly ActionResult[];
  /** The first action that failed. */
  readonly failure?: PlanFailure;
  /** Problems that did not change the outcome, e.g. a backup that could not be deleted. */
  readonly warnings?: readonly string[];
  readonly durationMs: number;
}

interface EventBase {
  /** Epoch ms. */
  readonly at: number;
}

export type ExecutorEvent =
  | (EventBase & { readonly type: 'plan-start'; readonly title: string; readonly actionCount: number })
  | (EventBase & {
      readonly type: 'action-start';
      readonly id: string;
      readonly server: string;
      readonly kind: ActionKind;
      readonly description: string;
    })
  | (EventBase & { readonly type: 'action-end'; readonly result: ActionResult })
  /** Still running after another interval: what it waits for (`phase`: the action itself, or its undo). */
  | (EventBase & {
      readonly type: 'action-waiting';
      readonly id: string;
      readonly server: string;
      readonly kind: ActionKind;
      readonly description: string;
      readonly phase: 'run' | 'undo';
      readonly waitedMs: number;
    })
  | (EventBase & { readonly type: 'undo-start'; readonly id: string; readonly server: string; readonly kind: ActionKind })
  | (EventBase & {
      readonly type: 'undo-end';
      readonly id: string;
      readonly server: string;
      readonly kind: ActionKind;
      readonly ok: boolean;
      readonly error?: string;
    })
  | (EventBase & {
      readonly type: 'plan-end';
      readonly status: PlanStatus;
      readonly durationMs: number;
      readonly failure?: PlanFailure;
    });

export type ExecutorEventType = ExecutorEvent['type'];
