/**
 * An admin connection to one db server: the engine's SqlRunner (plan statements) plus
 * queries for facts, and close(). One per server per task; the caller closes it.
 */
import type { SqlStatement } from '../../plan/action.js';
import { AegirError } from '../../model/errors.js';
import type { Server } from '../../model/server.js';

/**
 * Runs SQL statements on one db server with its admin account (bound parameters, in order). A
 * failure may say how many of the statements completed before it (`completed` on the error).
 */
export interface SqlRunner {
  run(statements: readonly SqlStatement[]): Promise<void>;
}

export type SqlParam = SqlStatement['params'][number];
export type Row = Record<string, unknown>;

export interface DbConnection extends SqlRunner {
  readonly dialect: 'mysql' | 'postgres';
  /** The server alias, e.g. `@db1`. */
  readonly server: string;
  /** Where the hub connects (the admin account's address and port). */
  readonly endpoint: { readonly host: string; readonly port: number };
  /** A read query with bound parameters (`?` for MySQL, `$1` for PostgreSQL). */
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Give up connecting (and logging in) after this long; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Connections the runner may hold at once (SQL actions side by side); default POOL_SIZE. */
  readonly connections?: number;
  /**
   * Give up on one round trip (a statement, or one batch of a fleet's statements) after this long;
   * default 5 minutes. The server is told to stop it too (PostgreSQL `statement_timeout`,
   * MariaDB `max_statement_time`, `lock_wait_timeout`), and the hub drops the connection at the
   * bound whatever the server does, so a server that stopped answering fails the action in time.
   */
  readonly statementTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5 * 60_000;

/** The hub's bound is a little past the server's own, so the server's clearer error comes first when it can. */
export const HUB_GRACE_MS = 2000;

/** The admin account of a db server from its settings (host defaults to the server's host). */
export function adminAccount(server: Server): { host: string; port: number; user: string; password?: string; socket?: string } {
  const db = server.services.db;
  if (db.impl === 'null') {
    throw new AegirError('db_none', `${server.alias} has no database service (db.null)`, { exitCode: 2 });
  }
  const { host, port, user, password } = db.settings;
  const socket = db.impl === 'mysql' ? db.settings.socket : undefined;
  return {
    host: host ?? server.host,
    port,
    user,
    ...(password === undefined ? {} : { password: password.reveal() }),
    ...(socket === undefined ? {} : { socket }),
  };
}

/** The text of a driver error, whatever was thrown. */
export function errorText(error: unknown): { message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(error) };
}
