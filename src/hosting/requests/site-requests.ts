/**
 * The site tasks that take more than a target, as queued requests: `install` (optionally adding
 * the site in the same transaction) and `delete` (refused unless the site is disabled, or forced:
 * the delete task's own check, when it is queued and again when it runs).
 */
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { addSite, siteAlias, type SiteInput } from '../entities/site-use-cases.js';
import { changeAndRequest, checkWithRegistry, requestTask } from './request-task.js';

export interface SiteTaskFlags {
  readonly acceptHostKey?: boolean;
}

export interface InstallRequest extends SiteTaskFlags {
  /** The site (`@uri` or `uri`); with `add`, the uri of the site to add. */
  readonly site: string;
  /** Add this site first: the record and the queued install are committed together, or neither. */
  readonly add?: SiteInput;
}

/** Queues `install @site`; with `add`, adds the site and queues its install in one transaction. */
export async function requestInstall(store: Store, actor: Actor, request: InstallRequest): Promise<{ site: string; taskId: number }> {
  checkActor(actor);
  const args = flagArgs(request);
  if (request.add === undefined) {
    const site = siteAlias(request.site);
    return { site, taskId: await requestTask(store, actor, { verb: 'install', target: site, args }) };
  }
  const add = request.add;
  const { changed, taskId } = await changeAndRequest(
    store,
    actor,
    (tx) => addSite(tx, actor, add),
    (site) => ({ verb: 'install', target: site.alias, args }),
  );
  return { site: changed.alias, taskId };
}

export interface DeleteRequest extends SiteTaskFlags {
  readonly site: string;
  /** Delete even when the site is not disabled. */
  readonly force?: boolean;
  /** False: no backup first (`--no-backup`); recorded in the task's args as `backup: false`. */
  readonly backup?: boolean;
}

/**
 * Refuses now (exit 2) a delete that would be refused when queued (an unknown site, or one not
 * disabled and not forced): the delete task's own check, before a person is asked to confirm.
 */
export async function checkDeleteRequest(store: Store, actor: Actor, request: DeleteRequest): Promise<void> {
  checkActor(actor);
  const target = siteAlias(request.site);
  checkWithRegistry(await store.loadInventory(), 'delete', target, request.force === true ? { force: true } : {});
}

/** Queues `delete @site [--force] [--no-backup]`: refused now (exit 2) unless the site is disabled or forced. */
export async function requestDelete(store: Store, actor: Actor, request: DeleteRequest): Promise<number> {
  checkActor(actor);
  const args = { ...flagArgs(request), ...(request.force === true ? { force: true } : {}), ...(request.backup === false ? { backup: false } : {}) };
  return await requestTask(store, actor, { verb: 'delete', target: siteAlias(request.site), args });
}

function flagArgs(flags: SiteTaskFlags): Record<string, unknown> {
  return flags.acceptHostKey === true ? { acceptHostKey: true } : {};
}
