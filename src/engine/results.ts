/**
 * The executor's book of results: one mutable record per action while the plan runs, frozen
 * into redacted, JSON-serialisable `ActionResult`s at the end.
 */
import type { Action } from '../plan/action.js';
import { redactedTail, type Redactor } from './redactor.js';
import type { StepFailure, StepOutcome } from './step.js';
import type { ActionResult, ActionStatus } from './types.js';

interface Entry {
  readonly action: Action;
  status: ActionStatus;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  stdoutTail?: string;
  stderrTail?: string;
  error?: string;
  undoError?: string;
  note?: string;
}

export class ResultBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly actions: readonly Action[],
    private readonly redact: Redactor,
  ) {
    for (const action of actions) this.entries.set(action.id, { action, status: 'skipped' });
  }

  started(id: string, at: number): void {
    this.entry(id).startedAt = at;
  }

  succeeded(id: string, at: number, outcome: StepOutcome): ActionResult {
    const entry = this.entry(id);
    Object.assign(entry, { status: outcome.status, finishedAt: at, exitCode: outcome.exitCode });
    this.output(entry, outcome.stdout, outcome.stderr);
    return this.result(id);
  }

  failed(id: string, at: number, failure: StepFailure): ActionResult {
    const entry = this.entry(id);
    Object.assign(entry, { status: 'failed', finishedAt: at, exitCode: failure.commandExitCode, error: this.redact(failure.message) });
    this.output(entry, failure.stdout, failure.stderr);
    return this.result(id);
  }

  /** Not run: it runs only after a change, and nothing it depends on changed. */
  skippedUnchanged(id: string): ActionResult {
    const entry = this.entry(id);
    entry.status = 'skipped';
    entry.note = 'nothing it depends on changed';
    return this.result(id);
  }

  undone(id: string): void {
    const entry = this.entry(id);
    if (entry.status !== 'failed') entry.status = 'undone';
  }

  undoFailed(id: string, message: string): string {
    const entry = this.entry(id);
    entry.undoError = this.redact(message);
    return entry.undoError;
  }

  result(id: string): ActionResult {
    const entry = this.entry(id);
    const { action, ...rest } = entry;
    const result: ActionResult = { id: action.id, server: action.server, kind: action.kind, ...rest };
    const durationMs =
      entry.startedAt !== undefined && entry.finishedAt !== undefined ? entry.finishedAt - entry.startedAt : undefined;
    return withoutUndefined(durationMs === undefined ? result : { ...result, durationMs });
  }

  all(): ActionResult[] {
    return this.actions.map((action) => this.result(action.id));
  }

  private output(entry: Entry, stdout: string | undefined, stderr: string | undefined): void {
    entry.stdoutTail = redactedTail(stdout, this.redact);
    entry.stderrTail = redactedTail(stderr, this.redact);
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new Error(`unknown action ${id}`);
    return entry;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
