import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

/** `aegir lock @platform`, `aegir unlock @platform`, `aegir platform delete @platform`. */
export function registerPlatformLifecycle(program: Command, ctx: CliContext): void {
  for (const [verb, locked] of [['lock', true], ['unlock', false]] as const) {
    program
      .command(verb)
      .description(locked ? 'lock a platform: it takes no new sites (clone, migrate onto it are refused)' : 'unlock a platform: it takes new sites again')
      .argument('<platform>', 'the platform, e.g. @mw139')
      .action(async (platform: string) => {
        const { lockPlatform } = await import('../../hosting/backups/platform-lifecycle.js');
        await withStore(ctx, (store) => lockPlatform(store, ctx.actor, ctx.home, platform, locked));
        ctx.io.out(`${platform} ${locked ? 'locked' : 'unlocked'}\n`);
      });
  }
}

/** What `aegir delete @platform` runs: refused while the platform has sites. */
export async function deletePlatformCommand(ctx: CliContext, platform: string, dryRun: boolean): Promise<void> {
  const { deletePlatform } = await import('../../hosting/backups/platform-lifecycle.js');
  const text = await withStore(ctx, (store) => deletePlatform(store, ctx.actor, ctx.home, platform, dryRun));
  ctx.io.out(`${text}\n`);
}
