import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { AegirError } from '../model/errors.js';
import { siteStateMigration } from './migration-0002-site-state.js';
import { migration0003Tasks } from './migration-0003-tasks.js';
import { migration0004Backups } from './migration-0004-backups.js';
import { migration0005SiteTls } from './migration-0005-site-tls.js';
import { migration0006SiteDbNames } from './migration-0006-site-db-names.js';
import { migration0007SiteNew } from './migration-0007-site-new.js';

/**
 * The hub's schema, as migrations defined in code (no files on disk), applied by kysely's Migrator.
 * The same statements run on SQLite and PostgreSQL. Names sort in order; never edit a released
 * migration: add the next one (0002: site state, 0003: the task queue).
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-inventory': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('names')
        .addColumn('alias', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('servers')
        .addColumn('alias', 'text', (c) => c.primaryKey().references('names.alias'))
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('ssh_port', 'integer', (c) => c.notNull())
        .addColumn('ssh_user', 'text', (c) => c.notNull())
        .addColumn('ssh_key', 'text')
        .addColumn('http_impl', 'text', (c) => c.notNull())
        .addColumn('http_settings', 'text', (c) => c.notNull())
        .addColumn('db_impl', 'text', (c) => c.notNull())
        .addColumn('db_settings', 'text', (c) => c.notNull())
        .addColumn('files_impl', 'text', (c) => c.notNull())
        .addColumn('files_settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('clusters')
        .addColumn('alias', 'text', (c) => c.primaryKey().references('names.alias'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('cluster_members')
        .addColumn('cluster', 'text', (c) => c.notNull().references('clusters.alias').onDelete('cascade'))
        .addColumn('server', 'text', (c) => c.notNull().references('servers.alias'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('cluster_members_pk', ['cluster', 'server'])
        .execute();
      await db.schema.createTable('platforms')
        .addColumn('alias', 'text', (c) => c.primaryKey().references('names.alias'))
        .addColumn('root', 'text', (c) => c.notNull())
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('web', 'text', (c) => c.notNull().references('names.alias'))
        .addColumn('source', 'text')
        .addColumn('locked', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('clients')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('sites')
        .addColumn('alias', 'text', (c) => c.primaryKey())
        .addColumn('uri', 'text', (c) => c.notNull().unique())
        .addColumn('platform', 'text', (c) => c.notNull().references('platforms.alias'))
        .addColumn('db_server', 'text', (c) => c.notNull().references('servers.alias'))
        .addColumn('redirect', 'integer', (c) => c.notNull())
        .addColumn('client', 'text', (c) => c.references('clients.name'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('site_names')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('site', 'text', (c) => c.notNull().references('sites.alias').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('site_names_site').on('site_names').column('site').execute();
      await db.schema.createIndex('cluster_members_server').on('cluster_members').column('server').execute();
    },
  },
  '0002-site-state': siteStateMigration,
  '0003-tasks': migration0003Tasks,
  '0004-backups': migration0004Backups,
  '0005-site-tls': migration0005SiteTls,
  '0006-site-db-names': migration0006SiteDbNames,
  '0007-site-new': migration0007SiteNew,
};

/** The schema version this code expects: the number of migrations it knows. */
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;

const provider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/**
 * Brings the database to the latest schema and records the version in `meta`. Safe to repeat.
 * A database already at this version (the common case: every command opens the store) is left
 * alone after one read, without the migrator's table checks and write.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  if (await recordedVersion(db) === String(SCHEMA_VERSION)) return;
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AegirError('migration_failed', `database migration ${failed} failed: ${describe(error)}`, { cause: error });
  }
  await sql`
    insert into meta (key, value) values ('schema_version', ${String(SCHEMA_VERSION)})
    on conflict (key) do update set value = excluded.value
  `.execute(db);
}

/** The version `meta` records, written only after every migration up to it succeeded; undefined on a new database. */
async function recordedVersion<DB>(db: Kysely<DB>): Promise<string | undefined> {
  try {
    const { rows } = await sql<{ value: string }>`select value from meta where key = 'schema_version'`.execute(db);
    return rows[0]?.value;
  } catch {
    return undefined; // no meta table yet
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
