/**
 * The lifecycle use cases as the faces call them: queue a backup, restore, clone or migrate (a
 * clone's or a renamed site's new record is added in the same transaction as its task, so the
 * uri is taken at once), wait for it, print its plan (dry run), and the backups of a site.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, parseAlias, parseUri, uriOfAlias, ValidationError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { deleteBackupRecord, getBackup, listBackups, type BackupRecord } from '../../store/backup-repository.js';
import type { TaskLogEntry, TaskRecord } from '../../store/queue/index.js';
import { checkMove } from '../../tasks/move-site.js';
import { checkActor, type Actor } from '../actor.js';
import { awaitTask, changeAndRequest, hubRunner, settingsFromEnv } from '../queue/index.js';
import { addSite, removeSite, siteAlias } from '../site-use-cases.js';
import { backupsDir } from './archive.js';
import { runLifecycle, type LifecycleVerb } from './lifecycle.js';
import type { LifecycleOutcome } from './run-phases.js';

export interface LifecycleAsk {
  readonly verb: LifecycleVerb;
  readonly site: string;
  /** restore: the backup id; clone and migrate: uri, platform, db. */
  readonly args?: { readonly backup?: number; readonly uri?: string; readonly platform?: string; readonly db?: string };
}

/** The site a clone or a migrate to a new uri makes, when it makes one. A clone always makes one. */
function newUri(ask: LifecycleAsk, source: string): string | undefined {
  const given = ask.args?.uri;
  if (ask.verb === 'clone' && given === undefined) throw new ValidationError('uri', '', 'a clone needs the new uri');
  if (given === undefined) return undefined;
  const uri = parseUri('uri', uriOfAlias(given));
  if (`@${uri}` !== source) return uri;
  if (ask.verb === 'clone') throw new ValidationError('uri', given, `is the uri of the site being cloned (${source}): a clone needs a new uri`);
  return undefined;
}

/** The args as the task keeps them: the new uri and the aliases of the target platform and db server normalised. */
function normalisedArgs(ask: LifecycleAsk, uri: string | undefined): NonNullable<LifecycleAsk['args']> {
  const { platform, db } = ask.args ?? {};
  return {
    ...ask.args,
    ...(uri === undefined ? {} : { uri }),
    ...(platform === undefined ? {} : { platform: parseAlias('platform', platform) }),
    ...(db === undefined ? {} : { db: parseAlias('db', db) }),
  };
}

/** Checks the ask against the inventory and queues it (with the new site record, if any). */
export async function requestLifecycle(store: Store, actor: Actor, ask: LifecycleAsk): Promise<number> {
  checkActor(actor);
  const target = siteAlias(ask.site);
  const uri = newUri(ask, target);
  const args = normalisedArgs(ask, uri);
  const { taskId } = await changeAndRequest(store, actor, async (tx) => {
    const inventory = await tx.loadInventory();
    const source = inventory.sites.find((s) => s.alias === target);
    if (source === undefined) throw new NotFoundError('site', target);
    if (ask.verb === 'clone' || ask.verb === 'migrate') {
      const to = { uri: uri ?? source.uri, platform: args.platform ?? source.platform, db: args.db ?? source.db };
      checkMove(inventory, source, to, ask.verb);
    }
    if (uri !== undefined) await addSite(tx, actor, { uri, platform: args.platform ?? source.platform, db: args.db ?? source.db });
  }, { verb: ask.verb, target, args });
  return taskId;
}

/** Waits for a queued task, running it here when no daemon serves the hub (lifecycle verbs included). */
export async function awaitLifecycle(
  store: Store, home: string, id: number, onEntry: (entry: TaskLogEntry) => void, signal?: AbortSignal,
): Promise<TaskRecord> {
  const runner = hubRunner(store, home);
  const { task } = await awaitTask(store, id, { runner, settings: settingsFromEnv(process.env), onEntry, ...(signal ? { signal } : {}) });
  return task;
}

/** The plan a lifecycle task would run, touching nothing (a clone's new record exists only meanwhile). */
export async function dryRunLifecycle(store: Store, actor: Actor, home: string, ask: LifecycleAsk): Promise<LifecycleOutcome> {
  checkActor(actor);
  const target = siteAlias(ask.site);
  const source = await store.sites.get(target);
  if (source === undefined) throw new NotFoundError('site', target);
  const uri = newUri(ask, target);
  const args = normalisedArgs(ask, uri);
  if (uri !== undefined) await addSite(store, actor, { uri, platform: args.platform ?? source.platform, db: args.db ?? source.db });
  try {
    return await runLifecycle({ store, actor, home, dryRun: true }, { verb: ask.verb, target, args });
  } finally {
    if (uri !== undefined) await removeSite(store, actor, uri, { allowInstalled: true });
  }
}

/** The backups of a site, newest first; also of a deleted site whose backups are kept. An unknown site is refused. */
export async function siteBackups(store: Store, actor: Actor, site: string): Promise<BackupRecord[]> {
  checkActor(actor);
  const alias = siteAlias(site);
  const backups = await listBackups(store, alias);
  if (backups.length === 0 && (await store.sites.get(alias)) === undefined) throw new NotFoundError('site', alias);
  return backups;
}

/** Removes a backup: its archive on the hub, then its record. */
export async function deleteBackup(store: Store, actor: Actor, home: string, site: string, id: number): Promise<BackupRecord> {
  checkActor(actor);
  const backup = await getBackup(store, id);
  if (backup === undefined || backup.site !== siteAlias(site)) throw new NotFoundError('backup', `${id} of ${siteAlias(site)}`);
  await rm(join(await backupsDir(home), backup.file), { force: true });
  await deleteBackupRecord(store, id);
  return backup;
}

/** A backup id as typed. */
export function parseBackupId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new ValidationError('backup', value, 'is not a backup id (a positive number)');
  return Number(value);
}
