import type { Command } from 'commander';
import { PLATFORM_SETTABLE } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { reportChange, withVerifyFlag, type VerifyFlag } from './entity-change.js';

export interface PlatformFieldOptions extends VerifyFlag {
  root?: string;
  app?: string;
  web?: string;
  source?: string;
}

/** The options as `KEY=VALUE` assignments. */
export function platformAssignments(opts: PlatformFieldOptions): string[] {
  const fields: [string, string | undefined][] = [['root', opts.root], ['app', opts.app], ['web', opts.web], ['source', opts.source]];
  return fields.flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]));
}

export function registerPlatformSet(group: Command, ctx: CliContext): void {
  withVerifyFlag(group
    .command('set')
    .description(`change a platform: ${PLATFORM_SETTABLE.join(', ')} (empty value = default), or the same options as platform add; then verify it`)
    .argument('<alias>', 'the platform')
    .argument('[KEY=VALUE...]', 'changes')
    .option('--root <path>', 'absolute path of the codebase')
    .option('--app <kind>', 'drupal | wordpress | mediawiki | php')
    .option('--web <alias>', 'the server or cluster that serves it')
    .option('--source <dir>', 'where the hub takes the code from (absolute path on the hub)'))
    .action(async (alias: string, assignments: string[], opts: PlatformFieldOptions) => {
      const { setPlatform } = await import('../../hosting/index.js');
      const platform = await withStore(ctx, (store) => setPlatform(store, ctx.actor, alias, [...platformAssignments(opts), ...assignments], { home: ctx.home }));
      await reportChange(ctx, { verb: 'changed', kind: 'platform', alias: platform.alias, name: platform.alias }, opts);
    });
}
