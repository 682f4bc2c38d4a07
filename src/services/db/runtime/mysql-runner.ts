/**
 * The hub's admin connection to a MySQL/MariaDB server (mysql2). One connection, opened on first
 * use; parameters are `?`, escaped by mysql2 on the hub (`query`),
 * which also works where the server cannot prepare (CREATE USER ... IDENTIFIED BY ?). mysql2
 * loads with the first connection: commands that never reach a MySQL server do not load it.
 */
import type mysql from 'mysql2/promise';
import type { SqlStatement } from '../../../plan/action.js';
import type { Server } from '../../../model/server.js';
import {
  adminAccount, DEFAULT_CONNECT_TIMEOUT_MS, errorText, type ConnectOptions, type DbConnection, type Row, type SqlParam,
} from './connection.js';
import { DbError } from './db-error.js';
import { ConnectionPool, POOL_SIZE } from './pool.js';
import { scrubMessage } from './scrub.js';

/** Statements per round trip when an action has many (a fleet's SQL batch). */
const BATCH_STATEMENTS = 200;

export class MysqlRunner implements DbConnection {
  readonly dialect = 'mysql' as const;
  readonly server: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly #account: ReturnType<typeof adminAccount>;
  readonly #timeoutMs: number;
  readonly #pool: ConnectionPool<mysql.Connection>;
  /** mysql2's escaping, set once the driver is loaded (a statement can only fail after that). */
  #escape: (value: string) => string = (value) => value;

  constructor(server: Server, options: ConnectOptions = {}) {
    this.server = server.alias;
    this.#account = adminAccount(server);
    this.endpoint = { host: this.#account.host, port: this.#account.port };
    this.#timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#pool = new ConnectionPool<mysql.Connection>(() => this.#connect(), (c) => c.end().catch(() => c.destroy()), options.connections ?? POOL_SIZE);
  }

  /**
   * Runs the statements in order; each commits on its own (MySQL commits DDL implicitly anyway).
   * Many statements (a fleet's batch) go BATCH_STATEMENTS at a time in one round trip: each
   * formatted with its parameters escaped by mysql2, as `query` does one by one. The server stops
   * at the first that fails; the error names the chunk it was in.
   */
  async run(statements: readonly SqlStatement[]): Promise<void> {
    await this.#pool.use(async (connection) => {
      if (statements.length <= 2) {
        for (const statement of statements) {
          try {
            await connection.query(statement.sql, [...statement.params]);
          } catch (error) {
            throw this.#failure(error, statement);
          }
        }
        return;
      }
      for (let start = 0; start < statements.length; start += BATCH_STATEMENTS) {
        const chunk = statements.slice(start, start + BATCH_STATEMENTS);
        try {
          await connection.query(chunk.map((statement) => connection.format(statement.sql, [...statement.params])).join(';\n'));
        } catch (error) {
          throw this.#failure(error, {
            sql: `one of statements ${start + 1}-${start + chunk.length} of ${statements.length} (the first: ${chunk[0]?.sql ?? ''})`,
            params: chunk.flatMap((statement) => statement.params),
          });
        }
      }
    });
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return await this.#pool.use(async (connection) => {
      try {
        const [rows] = await connection.query(sql, [...params]);
        return rows as T[];
      } catch (error) {
        throw this.#failure(error, { sql, params });
      }
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #connect(): Promise<mysql.Connection> {
    try {
      const connection = await this.#open();
      connection.on('error', () => undefined);
      return connection;
    } catch (error) {
      const { message, code } = errorText(error);
      throw new DbError({ code: 'db_unreachable', server: this.server, reason: message, ...(code === undefined ? {} : { driverCode: code }) });
    }
  }

  async #open(): Promise<mysql.Connection> {
    const { default: mysql } = await import('mysql2/promise');
    this.#escape = (value) => mysql.escape(value);
    return await mysql.createConnection({
      ...(this.#account.socket === undefined
        ? { host: this.#account.host, port: this.#account.port }
        : { socketPath: this.#account.socket }),
      user: this.#account.user,
      password: this.#account.password,
      connectTimeout: this.#timeoutMs,
      // Only `run` sends several statements at once, each formatted with escaped parameters.
      multipleStatements: true,
      charset: 'utf8mb4',
    });
  }

  #failure(error: unknown, statement: SqlStatement): DbError {
    const { message, code } = errorText(error);
    return new DbError({
      code: 'db_failed', server: this.server, statement: statement.sql,
      reason: scrubMessage(message, statement.params, this.#escape),
      ...(code === undefined ? {} : { driverCode: code }),
    });
  }
}
