/**
 * The hub's admin connection to a MySQL/MariaDB server (mysql2). One connection, opened on first
 * use; parameters are `?`, escaped by mysql2 on the hub (`query`),
 * which also works where the server cannot prepare (CREATE USER ... IDENTIFIED BY ?). mysql2
 * loads with the first connection: commands that never reach a MySQL server do not load it.
 * Every round trip is bounded (see `ConnectOptions.statementTimeoutMs`).
 */
import type mysql from 'mysql2/promise';
import type { SqlStatement } from '../../plan/action.js';
import type { Server } from '../../model/server.js';
import {
  adminAccount, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS, errorText, HUB_GRACE_MS,
  type ConnectOptions, type DbConnection, type Row, type SqlParam,
} from './connection.js';
import { DbError } from './db-error.js';
import { withDeadline } from './deadline.js';
import { ConnectionPool, POOL_SIZE } from './pool.js';
import { scrubMessage } from './scrub.js';

/** Statements per round trip when an action has many (a fleet's SQL batch). */
const BATCH_STATEMENTS = 200;
/** MariaDB's and MySQL's "unknown system variable": MySQL has no `max_statement_time`. */
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

export class MysqlRunner implements DbConnection {
  readonly dialect = 'mysql' as const;
  readonly server: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly #account: ReturnType<typeof adminAccount>;
  readonly #timeoutMs: number;
  readonly #statementTimeoutMs: number;
  /** Connections destroyed at a deadline: the pool drops them. */
  readonly #broken = new WeakSet<mysql.Connection>();
  readonly #pool: ConnectionPool<mysql.Connection>;
  /** mysql2's escaping, set once the driver is loaded (a statement can only fail after that). */
  #escape: (value: string) => string = (value) => value;

  constructor(server: Server, options: ConnectOptions = {}) {
    this.server = server.alias;
    this.#account = adminAccount(server);
    this.endpoint = { host: this.#account.host, port: this.#account.port };
    this.#timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    this.#pool = new ConnectionPool<mysql.Connection>(
      () => this.#connect(), (c) => c.end().catch(() => c.destroy()), options.connections ?? POOL_SIZE, (c) => this.#broken.has(c),
    );
  }

  /**
   * Runs the statements in order; each commits on its own (MySQL commits DDL implicitly anyway).
   * Many statements (a fleet's batch) go BATCH_STATEMENTS at a time in one round trip: each
   * formatted with its parameters escaped by mysql2, as `query` does one by one. The server stops
   * at the first that fails; the error names the chunk it was in, and says how many statements
   * completed (each is followed by `SET @aegir_done = N`, read back after a failure).
   */
  async run(statements: readonly SqlStatement[]): Promise<void> {
    await this.#pool.use(async (connection) => {
      if (statements.length <= 2) {
        for (const [index, statement] of statements.entries()) {
          try {
            await this.#round(connection, statement, statement.sql, [...statement.params]);
          } catch (error) {
            if (error instanceof DbError) error.completed = index;
            throw error;
          }
        }
        return;
      }
      for (let start = 0; start < statements.length; start += BATCH_STATEMENTS) {
        const chunk = statements.slice(start, start + BATCH_STATEMENTS);
        const text = [`SET @aegir_done = ${start}`, ...chunk.flatMap((statement, i) => [
          connection.format(statement.sql, [...statement.params]), `SET @aegir_done = ${start + i + 1}`,
        ])].join(';\n');
        try {
          await this.#round(connection, {
            sql: `one of statements ${start + 1}-${start + chunk.length} of ${statements.length} (the first: ${chunk[0]?.sql ?? ''})`,
            params: chunk.flatMap((statement) => statement.params),
          }, text);
        } catch (error) {
          if (error instanceof DbError && error.code !== 'db_timeout') error.completed = await this.#completed(connection);
          throw error;
        }
      }
    });
  }

  /** How many statements of the failed batch completed (the connection's `@aegir_done`), if it can still say. */
  async #completed(connection: mysql.Connection): Promise<number | undefined> {
    try {
      const [rows] = await connection.query('SELECT @aegir_done AS done');
      const done = Number((rows as { done?: unknown }[])[0]?.done);
      return Number.isInteger(done) ? done : undefined;
    } catch {
      return undefined;
    }
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return await this.#pool.use(async (connection) => (await this.#round(connection, { sql, params }, sql, [...params])) as T[]);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** One round trip, bounded: at the deadline the connection is destroyed and dropped from the pool. */
  async #round(connection: mysql.Connection, statement: SqlStatement, sql: string, values?: SqlParam[]): Promise<unknown> {
    const bound = this.#statementTimeoutMs + HUB_GRACE_MS;
    // A batch is already formatted: no `values`, so a `?` inside a quoted value is left alone.
    const sent = values === undefined ? connection.query(sql) : connection.query(sql, values);
    try {
      const [rows] = await withDeadline(sent, bound, () => this.#destroy(connection), () => this.#timeout(statement, bound));
      return rows;
    } catch (error) {
      throw error instanceof DbError ? error : this.#failure(error, statement);
    }
  }

  #destroy(connection: mysql.Connection): void {
    this.#broken.add(connection);
    connection.destroy();
  }

  #timeout(statement: SqlStatement, ms: number): DbError {
    return new DbError({
      code: 'db_timeout', server: this.server, statement: statement.sql,
      reason: `the server did not answer within ${ms / 1000} s (the connection was dropped; the statement may still run there)`,
    });
  }

  async #connect(): Promise<mysql.Connection> {
    const pending = this.#open();
    const bound = this.#timeoutMs + HUB_GRACE_MS;
    try {
      const connection = await withDeadline(pending, bound, () => void pending.then((c) => c.destroy(), () => undefined), () =>
        new DbError({ code: 'db_unreachable', server: this.server, reason: `no answer within ${bound / 1000} s` }));
      connection.on('error', () => undefined);
      return connection;
    } catch (error) {
      if (error instanceof DbError) throw error;
      const { message, code } = errorText(error);
      throw new DbError({ code: 'db_unreachable', server: this.server, reason: message, ...(code === undefined ? {} : { driverCode: code }) });
    }
  }

  async #open(): Promise<mysql.Connection> {
    const { default: mysql } = await import('mysql2/promise');
    this.#escape = (value) => mysql.escape(value);
    const connection = await mysql.createConnection({
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
    try {
      // The server's own bounds: waits for a metadata lock, and (MariaDB) any statement.
      const seconds = Math.max(1, Math.ceil(this.#statementTimeoutMs / 1000));
      await connection.query('SET SESSION lock_wait_timeout = ?', [seconds]);
      await connection.query('SET SESSION max_statement_time = ?', [seconds]).catch((error: unknown) => {
        if ((error as { errno?: unknown }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
      });
    } catch (error) {
      connection.destroy();
      throw error;
    }
    return connection;
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
