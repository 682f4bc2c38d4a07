import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

export function registerPlatformAdd(group: Command, ctx: CliContext): void {
  group
    .command('add')
    .description('add a platform served by a web server or cluster')
    .argument('<alias>', 'the new platform, e.g. @mw139')
    .requiredOption('--root <path>', 'absolute path of the codebase')
    .requiredOption('--app <kind>', 'drupal | wordpress | mediawiki | php')
    .requiredOption('--web <alias>', 'the server or cluster that serves it')
    .option('--source <dir>', 'where the hub takes the code from (absolute path on the hub)')
    .action(async (alias: string, opts: { root: string; app: string; web: string; source?: string }) => {
      const { addPlatform } = await import('../../hosting/platform-use-cases.js');
      const platform = await withStore(ctx, (store) => addPlatform(store, ctx.actor, { alias, ...opts }, { home: ctx.home }));
      ctx.io.out(`added platform ${platform.alias}\n`);
    });
}
