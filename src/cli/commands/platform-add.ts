import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { reportChange, withVerifyFlag } from './entity-change.js';
import type { PlatformFieldOptions } from './platform-set.js';

export function registerPlatformAdd(group: Command, ctx: CliContext): void {
  withVerifyFlag(group
    .command('add')
    .description('add a platform served by a web server or cluster (the same options as platform set)')
    .argument('<alias>', 'the new platform, e.g. @mw139')
    .requiredOption('--root <path>', 'absolute path of the codebase')
    .requiredOption('--app <kind>', 'drupal | wordpress | mediawiki | php')
    .requiredOption('--web <alias>', 'the server or cluster that serves it')
    .option('--source <dir>', 'where the hub takes the code from (absolute path on the hub)'))
    .action(async (alias: string, opts: PlatformFieldOptions & { root: string; app: string; web: string }) => {
      const { addPlatform } = await import('../../hosting/index.js');
      const platform = await withStore(ctx, (store) =>
        addPlatform(store, ctx.actor, { alias, root: opts.root, app: opts.app, web: opts.web, source: opts.source }, { home: ctx.home }));
      await reportChange(ctx, { verb: 'added', kind: 'platform', alias: platform.alias, name: platform.alias }, opts);
    });
}
