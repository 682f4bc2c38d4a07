/**
 * What running one action (or one batch of file writes) yields to the executor: its outcome,
 * how to put it back, and what to clean up once the whole plan succeeded.
 */
import { AegirError } from '../model/errors.js';
import type { Transport } from '../transport/transport.js';
import type { SqlRunner } from './types.js';

export interface StepContext {
  readonly transport: Transport;
  /** The SQL runner of the action's server, when the caller gave one. */
  readonly sql?: SqlRunner;
  /** Unique per run: names trash and backup directories on the servers. */
  readonly runId: string;
  /** Hub directory for scratch files; default beside the tree they belong to. */
  readonly stagingDir?: string;
  /** Aegir's own directory on the action's server: trash and transfer backups go in `<workDir>/trash`. */
  readonly workDir: string;
}

/** Puts a completed action back. `rerun` steps run after every other step was undone. */
export interface UndoStep {
  readonly rerun?: boolean;
  run(): Promise<unknown>;
}

export interface StepOutcome {
  readonly status: 'ok' | 'changed';
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  /** Absent when there is nothing to put back (nothing changed, or a check). */
  readonly undo?: UndoStep;
  /** Runs once the plan succeeded, e.g. deletes the trash of a removed path. */
  readonly commit?: () => Promise<void>;
}

export interface StepFailureDetails {
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly undo?: UndoStep;
  readonly cause?: unknown;
}

/** An action that did not do what it should. `undo` cleans up what it may have half done. */
export class StepFailure extends AegirError {
  /** The exit code of the command that failed, when one did. */
  readonly commandExitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly undo?: UndoStep;

  constructor(reason: string, details: StepFailureDetails = {}) {
    super('action_failed', reason, { cause: details.cause });
    this.commandExitCode = details.exitCode;
    this.stdout = details.stdout;
    this.stderr = details.stderr;
    this.undo = details.undo;
  }

  /** The same failure, with an undo that cleans up what the action half did. */
  withUndo(undo: UndoStep): StepFailure {
    return new StepFailure(this.message, {
      exitCode: this.commandExitCode,
      stdout: this.stdout,
      stderr: this.stderr,
      undo,
      cause: this.cause,
    });
  }
}

/** Any error as a `StepFailure`, optionally with an undo for what the action half did. */
export function toStepFailure(error: unknown, undo?: UndoStep, context?: string): StepFailure {
  if (error instanceof StepFailure) return undo === undefined ? error : error.withUndo(undo);
  const message = error instanceof Error ? error.message : String(error);
  return new StepFailure(context === undefined ? message : `${context}: ${message}`, { cause: error, undo });
}
