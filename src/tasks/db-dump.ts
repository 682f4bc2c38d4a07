/**
 * Database dumps and imports run on a web head with the site's own account: `mysqldump
 * --single-transaction` / `pg_dump` into a file of a fresh scratch directory (created exclusively:
 * an existing file or symlink there is refused, never followed), and the `mysql` / `psql` client reading one back
 * into a database. Credentials never reach argv: MySQL reads an option file from stdin
 * (`--defaults-extra-file=/dev/stdin`), PostgreSQL's clients the PGPASSWORD variable (sent on
 * stdin by the transports, never on a command line). Also: a database dropped on its own
 * (the site's account kept), for the old database of a restore.
 */
import type { Server } from '../model/index.js';
import { exec, NO_CLOBBER_SCRIPT, sql, sqlStatement, type Action, type ExecAction } from '../plan/index.js';
import { quoteMysqlIdentifier, quotePostgresIdentifier } from '../services/db/index.js';

/** The database side of a dump or import: how a web head reaches it, and the site's account. */
export interface DbEndpoint {
  readonly kind: 'mysql' | 'postgres';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** The file name of the dump inside a backup archive's `db/` directory. */
export const DUMP_FILE = 'database.sql';
const DUMP_TIMEOUT_MS = 30 * 60_000;

/** A MySQL option file (on stdin): values double-quoted, `\` and `"` escaped. */
export function mysqlOptionFile(db: DbEndpoint): string {
  const quote = (value: string | number): string => `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return ['[client]', `host=${quote(db.host)}`, `port=${db.port}`, `user=${quote(db.user)}`, `password=${quote(db.password)}`, ''].join('\n');
}

function pgArgs(db: DbEndpoint): string[] {
  return ['-h', db.host, '-p', String(db.port), '-U', db.user];
}

/** Dumps the database into `file` on `server` (a web head), consistently (one transaction). */
export function dumpAction(options: { id: string; server: string; db: DbEndpoint; file: string; after?: readonly string[] }): ExecAction {
  const { db, file } = options;
  const common = {
    id: options.id, server: options.server, after: options.after ?? [], sensitive: true, timeoutMs: DUMP_TIMEOUT_MS,
    description: `dump database ${db.database} (${db.kind} at ${db.host}:${db.port}) into ${file}`,
    undo: { kind: 'none', reason: 'a dump changes nothing in the database; its file is removed with its directory' } as const,
  };
  if (db.kind === 'mysql') {
    return exec({
      ...common,
      argv: ['sh', '-c', NO_CLOBBER_SCRIPT, 'sh', file,
        'mysqldump', '--defaults-extra-file=/dev/stdin', '--single-transaction', '--quick', '--no-tablespaces', '--skip-lock-tables', db.database],
      stdin: mysqlOptionFile(db),
    });
  }
  return exec({
    ...common,
    argv: ['sh', '-c', NO_CLOBBER_SCRIPT, 'sh', file, 'pg_dump', '--no-owner', '--no-privileges', ...pgArgs(db), db.database],
    env: { PGPASSWORD: db.password, PGCONNECT_TIMEOUT: '10' },
  });
}

/**
 * Reads the dump `file` on `server` into the database `db.database` (which must exist). Dumps
 * name no database (no `USE`, no `CREATE DATABASE`), so they load into any database.
 */
export function importAction(options: { id: string; server: string; db: DbEndpoint; file: string; after?: readonly string[] }): ExecAction {
  const { db, file } = options;
  const common = {
    id: options.id, server: options.server, after: options.after ?? [], sensitive: true, timeoutMs: DUMP_TIMEOUT_MS,
    description: `import ${file} into database ${db.database} (${db.kind} at ${db.host}:${db.port})`,
    undo: { kind: 'none', reason: 'the database it fills is new and dropped on rollback' } as const,
  };
  if (db.kind === 'mysql') {
    return exec({
      ...common,
      argv: ['mysql', '--defaults-extra-file=/dev/stdin', '--batch', '--abort-source-on-error', `--database=${db.database}`, `--execute=source ${file}`],
      stdin: mysqlOptionFile(db),
    });
  }
  return exec({
    ...common,
    argv: ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs(db), '-d', db.database, '-f', file],
    env: { PGPASSWORD: db.password, PGCONNECT_TIMEOUT: '10' },
  });
}

/**
 * Drops one database (not its account) on the db server: the old database after a restore. On
 * PostgreSQL a session still connected to it (a request in flight, a pooler) would make the drop
 * fail and roll back a finished restore: `WITH (FORCE)` ends such sessions.
 */
export function dropDatabaseOnly(options: { id: string; server: Server; database: string; after: readonly string[] }): Action {
  const impl = options.server.services.db.impl;
  const drop = impl === 'postgres'
    ? `DROP DATABASE IF EXISTS ${quotePostgresIdentifier(options.database, 'database')} WITH (FORCE)`
    : `DROP DATABASE IF EXISTS ${quoteMysqlIdentifier(options.database, 'database')}`;
  return sql({
    id: options.id, server: options.server.alias, after: options.after,
    statements: [sqlStatement(drop)],
    undo: { kind: 'none', reason: 'a dropped database cannot be brought back (the backup taken first holds it)' },
  });
}
