/**
 * The lifecycle requests as the faces make them: queue a backup, restore, clone or migrate (a
 * clone's or a renamed site's new record is added in the same transaction as its task, so the uri
 * is taken at once; the task's own check refuses an impossible move), and the backups of a site.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, ValidationError, type Inventory } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { deleteBackupRecord, getBackup, listBackups, type BackupRecord } from '../../store/backup-repository.js';
import { checkActor, type Actor } from '../actor.js';
import { hubPaths } from '../backups/archive.js';
import { addSite, siteAlias, type SiteInput } from '../entities/site-use-cases.js';
import { normalMoveArgs } from '../tasks/lifecycle-tasks.js';
import { changeAndRequest } from './request-task.js';

export const LIFECYCLE_VERBS = ['backup', 'restore', 'clone', 'migrate'] as const;
export type LifecycleVerb = (typeof LIFECYCLE_VERBS)[number];

export interface LifecycleAsk {
  readonly verb: LifecycleVerb;
  readonly site: string;
  /** restore: the backup id; clone and migrate: uri, platform, db. */
  readonly args?: { readonly backup?: number; readonly uri?: string; readonly platform?: string; readonly db?: string };
  readonly acceptHostKey?: boolean;
}

/** The site record a clone or a migrate to a new uri adds (none for the other verbs). */
export function siteAddedBy(
  inventory: Inventory, ask: { readonly verb: string; readonly site: string; readonly args?: Readonly<Record<string, unknown>> },
): SiteInput | undefined {
  const target = siteAlias(ask.site);
  const source = inventory.sites.find((s) => s.alias === target);
  if (source === undefined) throw new NotFoundError('site', target);
  if (ask.verb !== 'clone' && ask.verb !== 'migrate') return undefined;
  const text = (key: string): string | undefined => (typeof ask.args?.[key] === 'string' ? ask.args[key] : undefined);
  const given = text('uri');
  if (ask.verb === 'clone' && given === undefined) throw new ValidationError('uri', '', 'a clone needs the new uri');
  const args = normalMoveArgs({
    ...(given === undefined ? {} : { uri: given }), ...(text('platform') === undefined ? {} : { platform: text('platform') }), ...(text('db') === undefined ? {} : { db: text('db') }),
  });
  if (args.uri === undefined) return undefined;
  if (`@${args.uri}` === target) {
    if (ask.verb === 'clone') throw new ValidationError('uri', given, `is the uri of the site being cloned (${target}): a clone needs a new uri`);
    return undefined;
  }
  return { uri: args.uri, platform: args.platform ?? source.platform, db: args.db ?? source.db };
}

/** Queues the lifecycle task (with the new site record, if it makes one). */
export async function requestLifecycle(store: Store, actor: Actor, ask: LifecycleAsk): Promise<number> {
  checkActor(actor);
  const target = siteAlias(ask.site);
  const own = ask.verb === 'clone' || ask.verb === 'migrate' ? normalMoveArgs(ask.args ?? {}) : { ...ask.args };
  const { taskId } = await changeAndRequest(store, actor, async (tx) => {
    const added = siteAddedBy(await tx.loadInventory(), ask);
    if (added !== undefined) await addSite(tx, actor, added);
  }, { verb: ask.verb, target, args: { ...own, ...(ask.acceptHostKey === true ? { acceptHostKey: true } : {}) } });
  return taskId;
}

export async function siteBackups(store: Store, actor: Actor, site: string): Promise<BackupRecord[]> {
  checkActor(actor);
  const alias = siteAlias(site);
  if ((await store.sites.get(alias)) === undefined && (await listBackups(store, alias)).length === 0) throw new NotFoundError('site', alias);
  return await listBackups(store, alias);
}

/** Removes a backup: its archive on the hub, then its record. */
export async function deleteBackup(store: Store, actor: Actor, home: string, site: string, id: number): Promise<BackupRecord> {
  checkActor(actor);
  const backup = await getBackup(store, id);
  if (backup === undefined || backup.site !== siteAlias(site)) throw new NotFoundError('backup', `${id} of ${siteAlias(site)}`);
  await rm(join(hubPaths(home).backups, backup.file), { force: true });
  await deleteBackupRecord(store, id);
  return backup;
}

/** A backup id as typed. */
export function parseBackupId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new ValidationError('backup', value, 'is not a backup id (a positive number)');
  return Number(value);
}
