/**
 * `restore @site [BACKUP]` as the hub runs it: a fresh backup first, the chosen archive (default:
 * the newest one taken before this restore) checked and extracted, a free database name found,
 * then the restore plan; on success the site's record names its new database.
 */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { AegirError, NotFoundError, type Inventory } from '../../model/index.js';
import { siteCredentials } from '../../model/site.js';
import { dbService } from '../../services/db/index.js';
import { openDbConnection, takenDbNames } from '../../services/db/runtime/index.js';
import { getBackup, listBackups, type BackupRecord } from '../../store/backup-repository.js';
import { planRestoreSite } from '../../tasks/restore-site.js';
import { serverByAlias, siteOf } from '../../tasks/web-target.js';
import type { TaskConnections } from '../tasks/connections.js';
import { gatherSiteFacts } from '../tasks/site-facts.js';
import { backupsDir, extractArchive, stagingDir } from './archive.js';
import { hubFailure, joinPhases, runPhase, type LifecycleContext, type LifecycleOutcome, type Phase } from './run-phases.js';
import { takeBackup } from './take-backup.js';

export async function runRestore(
  ctx: LifecycleContext, connections: TaskConnections, inventory: Inventory, alias: string, backupId: number | undefined,
): Promise<LifecycleOutcome> {
  const site = siteOf(inventory, alias);
  const chosen = await chooseBackup(ctx, alias, backupId);
  const fresh = await takeBackup(ctx, connections, inventory, alias, { task: 'restore' });
  const phases: Phase[] = [fresh];
  const title = `restore ${alias} from backup ${chosen.id} (${chosen.file})`;
  if (ctx.dryRun !== true && fresh.result?.status !== 'succeeded') return joinPhases(ctx, title, phases);
  const name = `restore-${site.uri}-${fresh.stamp}`;
  const staging = ctx.dryRun === true ? join(ctx.home, 'backups', '.staging', name) : await stagingDir(ctx.home, name);
  try {
    const facts = await gatherSiteFacts(connections, inventory, alias);
    const newDbName = await freeDbName(inventory, alias);
    const plan = planRestoreSite({ inventory, target: alias, facts: { ...facts, stamp: fresh.stamp, staging, newDbName } });
    if (ctx.dryRun === true) return joinPhases(ctx, title, [...phases, { plan }]);
    try {
      await extractArchive(join(await backupsDir(ctx.home), chosen.file), chosen.sha256, staging);
    } catch (error) {
      return joinPhases(ctx, title, [...phases, { plan, result: hubFailure(plan, error instanceof Error ? error.message : String(error)) }]);
    }
    const result = await runPhase(ctx, connections, inventory, plan);
    if (result.status === 'succeeded') {
      await ctx.store.transaction(async (tx) => {
        const current = await tx.sites.get(alias);
        if (current !== undefined) await tx.sites.update({ ...current, dbName: newDbName });
      });
    }
    return joinPhases(ctx, title, [...phases, { plan, result }]);
  } finally {
    if (ctx.dryRun !== true) await rm(staging, { recursive: true, force: true });
  }
}

async function chooseBackup(ctx: LifecycleContext, alias: string, id: number | undefined): Promise<BackupRecord> {
  if (id !== undefined) {
    const found = await getBackup(ctx.store, id);
    if (found === undefined || found.site !== alias) throw new NotFoundError('backup', `${id} of ${alias}`);
    return found;
  }
  const newest = (await listBackups(ctx.store, alias))[0];
  if (newest === undefined) throw new AegirError('no_backup', `${alias} has no backup to restore: run 'aegir backup ${alias}' first`, { exitCode: 2 });
  return newest;
}

/** A database name no database, account or site of the db server has. */
export async function freeDbName(inventory: Inventory, alias: string, dbAlias?: string): Promise<string> {
  return (await freeDbNames(inventory, alias, dbAlias)).database;
}

/** Database and account names no database, account or site of the db server has. */
export async function freeDbNames(inventory: Inventory, alias: string, dbAlias?: string): Promise<{ database: string; user: string }> {
  const site = siteOf(inventory, alias);
  const db = serverByAlias(inventory, dbAlias ?? site.db);
  const connection = openDbConnection(db);
  let taken: Set<string>;
  try {
    taken = await takenDbNames(connection);
  } finally {
    await connection.close();
  }
  for (const other of inventory.sites) {
    const credentials = siteCredentials(other);
    if (credentials !== undefined && other.db === db.alias) taken.add(credentials.dbName).add(credentials.dbUser);
  }
  return dbService(db.services.db.impl).siteDbNames(site.uri, taken);
}
