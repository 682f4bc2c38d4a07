import type { Command } from 'commander';
import { ENTITY_LISTS, type EntityList } from '../../model/entity-lists.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderListing } from '../render/entity-tables.js';
import { renderJson } from '../render/json.js';

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list entities as a table (all kinds, or one)')
    .argument('[kind]', ENTITY_LISTS.join(' | '))
    .option('--json', 'print JSON (one kind: an array; all kinds: an object of arrays)')
    .action(async (kind: string | undefined, opts: { json?: boolean }) => {
      const { listEntities } = await import('../../hosting/index.js');
      const listing = await withStore(ctx, (store) => listEntities(store, ctx.actor, kind));
      if (opts.json) {
        ctx.io.out(renderJson(kind === undefined ? listing : listing[kind as EntityList]));
        return;
      }
      const kinds = kind === undefined ? ENTITY_LISTS : [kind as EntityList];
      ctx.io.out(kinds.map((k) => (kinds.length > 1 ? `${k}:\n` : '') + renderListing(k, listing)).join('\n'));
    });
}
