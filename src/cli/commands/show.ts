import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { renderBlock } from '../render/block.js';
import { entityFields } from '../render/entity-fields.js';
import { renderJson } from '../render/json.js';

export function registerShow(program: Command, ctx: CliContext): void {
  program
    .command('show')
    .description('show one entity: @server, @cluster, @platform, @site.uri, or a client name')
    .argument('<alias>', 'what to show')
    .option('--json', 'print JSON (secrets as ********)')
    .action(async (alias: string, opts: { json?: boolean }) => {
      const { showEntity } = await import('../../hosting/index.js');
      const shown = await withStore(ctx, (store) => showEntity(store, ctx.actor, alias));
      ctx.io.out(opts.json ? renderJson({ kind: shown.kind, ...shown.entity }) : renderBlock(entityFields(shown)));
    });
}
