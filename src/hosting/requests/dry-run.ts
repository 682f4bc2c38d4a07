/**
 * The dry run of any task, as the faces ask for it: the plan it would run now, with a diff of every
 * file against what the hub last placed. Nothing is touched and nothing recorded: a site the task
 * would add (an install of a new uri, a clone, a migrate to a new uri) exists only in the inventory
 * the plan is made from.
 */
import { AegirError, checkAliasFree, checkSite, parseSite, uriOfAlias, type Inventory } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import type { TaskVerb } from '../../tasks/types.js';
import { checkActor, type Actor } from '../actor.js';
import { withoutUndefined } from '../entities/assignments.js';
import type { SiteInput } from '../entities/site-use-cases.js';
import { runTask, type TaskOutcome } from '../tasks/run.js';
import { siteAddedBy } from './lifecycle.js';

export interface DryRunAsk {
  readonly verb: TaskVerb;
  readonly target: string;
  readonly args?: Readonly<Record<string, unknown>>;
  /** A site the task adds first (checked like a real add). */
  readonly add?: SiteInput;
}

export async function dryRunTask(
  store: Store, actor: Actor, home: string, ask: DryRunAsk, options: { readonly color?: boolean; readonly onNotice?: (text: string) => void } = {},
): Promise<Extract<TaskOutcome, { kind: 'dry-run' }>> {
  checkActor(actor);
  let inventory: Inventory = await store.loadInventory();
  const add = ask.add ?? (ask.verb === 'clone' || ask.verb === 'migrate' ? siteAddedBy(inventory, { verb: ask.verb, site: ask.target, args: ask.args ?? {} }) : undefined);
  if (add !== undefined) {
    const site = parseSite(withoutUndefined({ ...add, uri: uriOfAlias(add.uri) }));
    checkAliasFree(inventory, site.alias);
    checkSite(inventory, site);
    inventory = { ...inventory, sites: [...inventory.sites, site] };
  }
  const outcome = await runTask(
    { store, home, ...(options.color === undefined ? {} : { color: options.color }) },
    { actor, ...(options.onNotice ? { onNotice: options.onNotice } : {}) },
    { verb: ask.verb, target: ask.target, ...(ask.args === undefined ? {} : { args: ask.args }), dryRun: true, inventory },
  );
  if (outcome.kind !== 'dry-run') throw new AegirError('dry_run_ran', `the dry run of ${ask.verb} ${ask.target} ran`);
  return outcome;
}
