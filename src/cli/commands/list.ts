import type { Command } from 'commander';
import { ENTITY_LISTS, entityListOf, type EntityList } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderListing } from '../render/entity-tables.js';
import { renderJson } from '../render/json.js';

/** Prints one kind (`servers`, or `server`), or all kinds; as tables or, with --json, JSON. */
async function printList(ctx: CliContext, kind: string | undefined, opts: { json?: boolean }): Promise<void> {
  const { listEntities } = await import('../../hosting/index.js');
  const listing = await withStore(ctx, (store) => listEntities(store, ctx.actor, kind));
  const one = kind === undefined ? undefined : entityListOf(kind);
  if (opts.json === true) {
    ctx.io.out(renderJson(one === undefined ? listing : listing[one]));
    return;
  }
  const kinds = one === undefined ? ENTITY_LISTS : [one];
  ctx.io.out(kinds.map((k) => (kinds.length > 1 ? `${k}:\n` : '') + renderListing(k, listing)).join('\n'));
}

/** `aegir list [KIND]`: one kind (plural or singular) or all. */
export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list entities as a table (all kinds, or one)')
    .argument('[kind]', `${ENTITY_LISTS.join(' | ')} (or singular: server, site...)`)
    .option('--json', 'print JSON (one kind: an array; all kinds: an object of arrays)')
    .action(async (kind: string | undefined, opts: { json?: boolean }) => printList(ctx, kind, opts));
}

/** `aegir server list` (and cluster, platform, site, client): the same as `aegir list servers`. */
export function registerGroupList(group: Command, ctx: CliContext, kind: EntityList): void {
  group
    .command('list')
    .description(`list ${kind} (the same as 'aegir list ${kind}')`)
    .option('--json', 'print JSON (an array)')
    .action(async (opts: { json?: boolean }) => printList(ctx, kind, opts));
}
