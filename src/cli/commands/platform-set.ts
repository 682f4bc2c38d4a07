import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerPlatformSet(group: Command, ctx: CliContext): void {
  group
    .command('set')
    .description('change a platform: root, app, web, source, locked (empty value = default)')
    .argument('<alias>', 'the platform')
    .argument('<KEY=VALUE...>', 'changes')
    .action(async (alias: string, assignments: string[]) => {
      const { setPlatform } = await import('../../hosting/platform-use-cases.js');
      const platform = await withStore(ctx, (store) => setPlatform(store, ctx.actor, alias, assignments, { home: ctx.home }));
      ctx.io.out(`changed platform ${platform.alias}\n`);
    });
}
