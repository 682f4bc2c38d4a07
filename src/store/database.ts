import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { AegirError } from '../model/errors.js';
import type { DatabaseSchema } from './schema.js';

export const STORE_BACKENDS = ['sqlite', 'postgres'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

/** Where the hub database lives: a SQLite file under AEGIR_HOME, or a PostgreSQL URL. */
export type DatabaseLocation =
  | { readonly backend: 'sqlite'; readonly file: string }
  | { readonly backend: 'postgres'; readonly url: string };

/** The database file name inside AEGIR_HOME. */
export const SQLITE_FILE = 'aegir.db';

/** SQLite waits this long for a lock held by another hub process before failing. */
const BUSY_TIMEOUT_MS = 5000;

/** Chooses the backend: `AEGIR_DATABASE_URL=postgres://...` selects PostgreSQL, else SQLite in `home`. */
export function locateDatabase(home: string, databaseUrl: string | undefined): DatabaseLocation {
  if (databaseUrl === undefined || databaseUrl === '') return { backend: 'sqlite', file: join(home, SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { backend: 'postgres', url: databaseUrl };
  throw new AegirError('invalid_database_url', 'AEGIR_DATABASE_URL: must start with postgres:// or postgresql://', {
    exitCode: 2,
  });
}

/**
 * Opens a kysely instance on either backend. The caller owns it and must `destroy()` it. The
 * PostgreSQL driver loads with the first connection, so a SQLite hub never loads it.
 */
export function connectDatabase(location: DatabaseLocation): Kysely<DatabaseSchema> {
  if (location.backend === 'postgres') {
    const pool = async (): Promise<import('pg').Pool> => {
      const { default: pg } = await import('pg');
      return new pg.Pool({ connectionString: location.url, max: 5 });
    };
    return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  }
  mkdirSync(join(location.file, '..'), { recursive: true, mode: 0o700 });
  const created = !existsSync(location.file);
  const sqlite = new BetterSqlite3(location.file);
  // The database holds the inventory and encrypted secrets: readable by the hub's user only.
  if (created) chmodSync(location.file, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
}
