import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerPlatformRemove(group: Command, ctx: CliContext): void {
  group
    .command('remove')
    .description('remove a platform that has no sites')
    .argument('<alias>', 'the platform')
    .action(async (alias: string) => {
      const { removePlatform } = await import('../../hosting/index.js');
      const platform = await withStore(ctx, (store) => removePlatform(store, ctx.actor, alias));
      ctx.io.out(`removed platform ${platform.alias}\n`);
    });
}
