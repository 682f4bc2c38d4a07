import type { TaskOutcome, TaskRunOptions } from '../../hosting/run-task.js';
import { AegirError } from '../../model/errors.js';
import type { CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { progressLine, resultSummary } from '../render/progress.js';

/** The options every task command takes. */
export interface TaskCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  acceptHostKey?: boolean;
}

/** How a task command reports as it runs: notices on stderr, one progress line per action unless --json. */
export function taskRunOptions(ctx: CliContext, opts: TaskCommandOptions): TaskRunOptions {
  return {
    home: ctx.home,
    onNotice: (text) => ctx.io.err(`${text}\n`),
    ...(opts.json === true
      ? {}
      : {
          onEvent: (event) => {
            const line = progressLine(event);
            if (line !== undefined) ctx.io.out(line);
          },
        }),
  };
}

/** Prints the plan (dry run) or the result, and fails the command when the task did not succeed. */
export function reportTaskOutcome(ctx: CliContext, opts: TaskCommandOptions, outcome: TaskOutcome): void {
  if (outcome.kind === 'dry-run') {
    ctx.io.out(opts.json === true ? `${outcome.json}\n` : outcome.text);
    return;
  }
  if (opts.json === true) ctx.io.out(renderJson({ title: outcome.plan.title, ...outcome.result }));
  else ctx.io.out(resultSummary(outcome.plan.title, outcome.result));
  if (outcome.result.status !== 'succeeded') {
    throw new AegirError(`task_${outcome.result.status}`, `${outcome.plan.title} ${outcome.result.status}`);
  }
}
