/**
 * Backup archives on the hub: `$AEGIR_HOME/backups/<uri>-<YYYYmmdd-HHMMSS>.tar.gz`, mode 0600, in a
 * directory only the hub's user may enter (0700), with fresh staging directories under
 * `backups/staging/`. The archives are packed and extracted by the plan's hub steps
 * (src/tasks/hub-actions.ts); here the hub answers the facts a backup asks for (its paths, a free
 * stamp, the backup to restore) and records an archive once its plan succeeded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupFact, HubPaths } from '../../facts/index.js';
import { AegirError, NotFoundError, type Inventory } from '../../model/index.js';
import { getBackup, insertBackup, listBackups, type BackupRecord } from '../../store/backup-repository.js';
import type { Store } from '../../store/index.js';
import { archiveName } from '../../tasks/hub-actions.js';
import { backupStamp } from '../../tasks/backup-site.js';
import { serverByAlias, siteOf } from '../../model/navigation.js';

export function hubPaths(home: string): HubPaths {
  const backups = join(home, 'backups');
  return { backups, staging: join(backups, 'staging') };
}

/** A stamp for a new backup of `uri`: now, or the next second when an archive already has this one. */
export async function freeBackupStamp(home: string, uri: string, now: () => Date = () => new Date()): Promise<{ stamp: string; takenAt: string }> {
  const dir = hubPaths(home).backups;
  for (;;) {
    const at = now();
    const stamp = backupStamp(at);
    if (!existsSync(join(dir, archiveName(uri, stamp)))) return { stamp, takenAt: at.toISOString() };
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  }
}

/** The backup `id` of the site, or its newest; refused clearly when there is none. */
export async function chooseBackup(store: Store, site: string, id: number | undefined): Promise<BackupFact> {
  if (id !== undefined) {
    const found = await getBackup(store, id);
    if (found === undefined || found.site !== site) throw new NotFoundError('backup', `${id} of ${site}`);
    return found;
  }
  const newest = (await listBackups(store, site))[0];
  if (newest === undefined) throw new AegirError('no_backup', `${site} has no backup to restore: run 'aegir backup ${site}' first`, { exitCode: 2 });
  return newest;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Records the archive a plan packed (its size and checksum read back from the file); the archive
 * is removed again when it cannot be recorded, so that no backup exists that no record names.
 */
export async function recordBackup(
  store: Store, inventory: Inventory,
  backup: { readonly site: string; readonly archive: string; readonly takenAt: string; readonly task: string },
): Promise<BackupRecord> {
  const site = siteOf(inventory, backup.site);
  try {
    const [{ size }, sha256] = await Promise.all([stat(backup.archive), sha256File(backup.archive)]);
    return await insertBackup(store, {
      site: site.alias, file: backup.archive.slice(backup.archive.lastIndexOf('/') + 1), size, sha256, takenAt: backup.takenAt,
      platform: site.platform, dbServer: site.db, dbKind: serverByAlias(inventory, site.db).services.db.impl, task: backup.task,
    });
  } catch (error) {
    await rm(backup.archive, { force: true });
    throw error;
  }
}

/** A line for the task log: what was kept, where. */
export function backupNotice(record: BackupRecord, home: string): string {
  return `backup ${record.id}: ${join(hubPaths(home).backups, record.file)} (${record.size} bytes, sha256 ${record.sha256})`;
}
