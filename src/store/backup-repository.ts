/**
 * The backups the hub holds: recorded when an archive is complete, listed per site (newest
 * first), removed with their archive. Plain functions on the store's connection (or open
 * transaction), like the queue's tables.
 */
import type { Kysely } from 'kysely';
import type { Store } from './store.js';

export interface BackupRecord {
  readonly id: number;
  /** The site alias, e.g. `@wiki.example.com`. */
  readonly site: string;
  /** The archive's file name in the hub's backups directory. */
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
  /** ISO-8601 time the backup was taken. */
  readonly takenAt: string;
  readonly platform: string;
  readonly dbServer: string;
  readonly dbKind: string;
  /** What took it: `backup`, or the task it was taken before (`restore`, `clone`, `migrate`). */
  readonly task: string;
}

interface BackupsTable {
  id: number;
  site: string;
  file: string;
  size: number | string;
  sha256: string;
  taken_at: string;
  platform: string;
  db_server: string;
  db_kind: string;
  task: string;
}

type BackupSchema = { backups: BackupsTable };

function db(store: Store): Kysely<BackupSchema> {
  return store.db.withTables<BackupSchema>() as unknown as Kysely<BackupSchema>;
}

function toRecord(row: BackupsTable): BackupRecord {
  return {
    id: Number(row.id), site: row.site, file: row.file, size: Number(row.size), sha256: row.sha256, takenAt: row.taken_at,
    platform: row.platform, dbServer: row.db_server, dbKind: row.db_kind, task: row.task,
  };
}

export async function insertBackup(store: Store, backup: Omit<BackupRecord, 'id'>): Promise<BackupRecord> {
  const row = await db(store).insertInto('backups').values({
    site: backup.site, file: backup.file, size: backup.size, sha256: backup.sha256, taken_at: backup.takenAt,
    platform: backup.platform, db_server: backup.dbServer, db_kind: backup.dbKind, task: backup.task,
  } as BackupsTable).returning('id').executeTakeFirstOrThrow();
  return { id: Number(row.id), ...backup };
}

/** The backups of a site, newest first. */
export async function listBackups(store: Store, site: string): Promise<BackupRecord[]> {
  const rows = await db(store).selectFrom('backups').selectAll().where('site', '=', site).orderBy('taken_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toRecord);
}

export async function getBackup(store: Store, id: number): Promise<BackupRecord | undefined> {
  const row = await db(store).selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export async function deleteBackupRecord(store: Store, id: number): Promise<void> {
  await db(store).deleteFrom('backups').where('id', '=', id).execute();
}
