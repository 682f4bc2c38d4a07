import type { Command } from 'commander';
import { runTask } from '../../hosting/index.js';
import { AegirError } from '../../model/index.js';
import type { TaskVerb } from '../../tasks/types.js';
import { withStore, type CliContext } from '../cli-context.js';
import { progressLine, resultSummary } from '../render/progress.js';
import { renderJson } from '../render/json.js';

interface TaskVerbOptions {
  dryRun?: boolean;
  json?: boolean;
  acceptHostKey?: boolean;
}

/** A task verb on the command line: `aegir VERB @alias [--dry-run] [--json] [--accept-host-key]`. */
export function registerTaskVerb(program: Command, ctx: CliContext, verb: TaskVerb, description: string): void {
  program
    .command(verb)
    .description(description)
    .argument('<alias>', 'the server, platform or site, e.g. @web1')
    .option('--dry-run', 'print the plan and the diff of every file it would change; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the result as JSON')
    .option('--accept-host-key', "trust a server's SSH host key that is not pinned yet")
    .action(async (alias: string, opts: TaskVerbOptions) => {
      const outcome = await withStore(ctx, (store) =>
        runTask(
          store,
          ctx.actor,
          { verb, target: alias, dryRun: opts.dryRun === true, acceptHostKey: opts.acceptHostKey === true },
          {
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
          },
        ),
      );
      if (outcome.kind === 'dry-run') {
        ctx.io.out(opts.json === true ? `${outcome.json}\n` : outcome.text);
        return;
      }
      if (opts.json === true) ctx.io.out(renderJson({ title: outcome.plan.title, ...outcome.result }));
      else ctx.io.out(resultSummary(outcome.plan.title, outcome.result));
      if (outcome.result.status !== 'succeeded') {
        throw new AegirError(`task_${outcome.result.status}`, `${outcome.plan.title} ${outcome.result.status}`);
      }
    });
}
