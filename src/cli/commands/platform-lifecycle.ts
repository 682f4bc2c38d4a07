import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { confirmByTyping } from '../confirm.js';
import { enqueueAndFollow } from './enqueue-follow.js';
import { noticeTo, reportDryRun } from './task-output.js';
import type { TaskFlags } from './task-flags.js';

/** `aegir lock @platform`, `aegir unlock @platform`. */
export function registerPlatformLifecycle(program: Command, ctx: CliContext): void {
  for (const [verb, locked] of [['lock', true], ['unlock', false]] as const) {
    program
      .command(verb)
      .description(locked ? 'lock a platform: it takes no new sites (clone, migrate onto it are refused)' : 'unlock a platform: it takes new sites again')
      .argument('<platform>', 'the platform, e.g. @mw139')
      .action(async (platform: string) => {
        const { lockPlatform } = await import('../../hosting/index.js');
        await withStore(ctx, (store) => lockPlatform(store, ctx.actor, ctx.home, platform, locked));
        ctx.io.out(`${platform} ${locked ? 'locked' : 'unlocked'}\n`);
      });
  }
}

/**
 * What `aegir delete @platform` runs: refused while the platform has sites (before anyone is asked
 * to confirm); the person confirms by typing its name, unless --yes; then queued and followed like
 * every task.
 */
export async function deletePlatformCommand(ctx: CliContext, platform: string, opts: TaskFlags & { yes?: boolean }): Promise<void> {
  const { checkRequest, dryRunTask, requestTask } = await import('../../hosting/index.js');
  const ask = { verb: 'delete', target: platform, args: opts.acceptHostKey === true ? { acceptHostKey: true } : {} };
  if (opts.dryRun === true) {
    const outcome = await withStore(ctx, (store) => dryRunTask(store, ctx.actor, ctx.home, { verb: 'delete', target: platform }, { onNotice: noticeTo(ctx) }));
    reportDryRun(ctx, opts, outcome);
    return;
  }
  await withStore(ctx, (store) => checkRequest(store, ctx.actor, ask));
  const name = platform.slice(1);
  await confirmByTyping(ctx, {
    warning: `This deletes platform ${platform}: the code the hub placed on its web heads, then its record.`,
    what: "the platform's name",
    answer: name,
    command: `aegir delete ${platform}`,
  }, opts.yes === true);
  await enqueueAndFollow(ctx, opts, (store) => requestTask(store, ctx.actor, ask));
}
