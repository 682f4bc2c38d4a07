/**
 * Platform requests: lock and unlock (a locked platform takes no new sites: clone and migrate
 * refuse it), and migrate every site of a platform to another, each its own queued task, at most
 * N at a time, with a summary of what moved and what failed and why. (Deleting a platform is a
 * task like any other: `delete @platform`.)
 */
import { NotFoundError, parseAlias, ValidationError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { platformOf, sitesOfPlatform } from '../../model/navigation.js';
import { checkActor, type Actor } from '../actor.js';
import { setPlatform } from '../entities/platform-use-cases.js';
import { requestLifecycle } from './lifecycle.js';
import { awaitTask } from './tasks.js';

export async function lockPlatform(store: Store, actor: Actor, home: string, alias: string, locked: boolean): Promise<void> {
  await setPlatform(store, actor, alias, [`locked=${locked ? 'true' : 'false'}`], { home });
}

export interface SiteMigration {
  readonly site: string;
  readonly task?: number;
  readonly status: string;
  readonly error?: string;
}

/** Migrates every site of `platform` to `to`: one queued task each, at most `parallel` at once (`wait: false`: queued only). */
export async function migratePlatform(
  store: Store, actor: Actor, home: string,
  request: {
    readonly platform: string; readonly to: string; readonly parallel: number; readonly dryRun?: boolean; readonly wait?: boolean;
    /** Each migrate trusts the servers it reaches that have no host key pinned yet. */
    readonly acceptHostKey?: boolean;
  },
  progress: (line: string) => void,
): Promise<SiteMigration[]> {
  checkActor(actor);
  const inventory = await store.loadInventory();
  const from = platformOf(inventory, parseAlias('platform', request.platform));
  const toAlias = parseAlias('to', request.to);
  const to = inventory.platforms.find((p) => p.alias === toAlias);
  if (to === undefined) throw new NotFoundError('platform', toAlias);
  if (to.alias === from.alias) throw new ValidationError('to', request.to, `is the platform being migrated (${from.alias}): give the platform to move its sites to`);
  const sites = sitesOfPlatform(inventory, from.alias).filter((s) => s.status === 'enabled' || s.status === 'disabled');
  if (request.dryRun === true) {
    for (const site of sites) progress(`would migrate ${site.alias} to ${to.alias}`);
    return sites.map((site) => ({ site: site.alias, status: 'planned' }));
  }
  const queued: { site: string; task: number }[] = [];
  const summary: SiteMigration[] = [];
  for (const site of sites) {
    try {
      queued.push({
        site: site.alias,
        task: await requestLifecycle(store, actor, { verb: 'migrate', site: site.alias, args: { platform: to.alias }, ...(request.acceptHostKey === true ? { acceptHostKey: true } : {}) }),
      });
    } catch (error) {
      const entry: SiteMigration = { site: site.alias, status: 'refused', error: error instanceof Error ? error.message : String(error) };
      summary.push(entry);
      progress(`refused ${site.alias}: ${entry.error ?? ''}`);
    }
  }
  if (request.wait === false) {
    // Queued only: a daemon runs them, by its own limits.
    for (const item of queued) progress(`queued ${item.site} (task ${item.task})`);
    return [...summary, ...queued.map((item) => ({ site: item.site, task: item.task, status: 'queued' }))];
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = queued[next++]; item !== undefined; item = queued[next++]) {
      const { task } = await awaitTask(store, home, item.task, { onEntry: () => undefined });
      const entry: SiteMigration = { site: item.site, task: item.task, status: task.status, ...(task.error === undefined ? {} : { error: task.error }) };
      summary.push(entry);
      progress(entry.status === 'succeeded' ? `moved ${item.site} to ${to.alias} (task ${item.task})` : `failed ${item.site} (task ${item.task}): ${entry.error ?? entry.status}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(request.parallel, queued.length)) }, () => worker()));
  const moved = summary.filter((s) => s.status === 'succeeded').length;
  progress(`migrate ${from.alias} to ${to.alias}: ${moved} moved, ${summary.length - moved} failed`);
  return summary;
}
