/**
 * Site task use cases with more than a target: install (optionally adding the site first) and
 * delete (refused unless the site is disabled, or forced).
 */
import { checkActor, type Actor } from '../actor.js';
import type { TaskOutcome, TaskRunOptions } from '../run-task.js';
import { addSite, removeSite, siteAlias, type SiteInput } from '../site-use-cases.js';
import { NotFoundError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkDeletable } from '../../tasks/delete-site.js';
import { runPreparedTask } from './run-prepared-task.js';

export interface TaskFlags {
  readonly dryRun?: boolean;
  readonly acceptHostKey?: boolean;
}

/**
 * `install @site`, or with `add`, `install uri --platform @p --db @d`: the site record is added
 * first (a dry run adds it only for planning and removes it again).
 */
export async function installSite(
  store: Store, actor: Actor, request: TaskFlags & { readonly site: string; readonly add?: SiteInput }, options: TaskRunOptions,
): Promise<TaskOutcome> {
  checkActor(actor);
  const target = request.add === undefined ? siteAlias(request.site) : (await addSite(store, actor, request.add)).alias;
  try {
    return await runPreparedTask(store, actor, { verb: 'install', target, ...flags(request) }, options);
  } finally {
    if (request.add !== undefined && request.dryRun === true) await removeSite(store, actor, target, { allowInstalled: true });
  }
}

/** `delete @site [--force]`. */
export async function deleteSite(
  store: Store, actor: Actor, request: TaskFlags & { readonly site: string; readonly force?: boolean }, options: TaskRunOptions,
): Promise<TaskOutcome> {
  checkActor(actor);
  const target = siteAlias(request.site);
  const site = await store.sites.get(target);
  if (site === undefined) throw new NotFoundError('site', target);
  checkDeletable(site, request.force === true);
  return await runPreparedTask(store, actor, { verb: 'delete', target, ...flags(request) }, options);
}

function flags(request: TaskFlags): TaskFlags {
  return { dryRun: request.dryRun === true, acceptHostKey: request.acceptHostKey === true };
}
