import type { TaskOutcome } from '../../hosting/index.js';
import type { CliContext } from '../cli-context.js';

/** The options every task command takes. */
export interface TaskCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  acceptHostKey?: boolean;
}

/** Notices (host keys trusted, sites found on disk) go to standard error. */
export function noticeTo(ctx: CliContext): (text: string) => void {
  return (text) => ctx.io.err(`${text}\n`);
}

/** Prints the plan of a dry run: as text with its diffs, or as JSON. */
export function reportDryRun(ctx: CliContext, opts: TaskCommandOptions, outcome: Extract<TaskOutcome, { kind: 'dry-run' }>): void {
  ctx.io.out(opts.json === true ? `${outcome.json}\n` : outcome.text);
}
