/**
 * The hub's admin connection to a PostgreSQL server (pg), to the `postgres` database. Plan
 * statements go as simple queries with their parameters inlined as literals (see
 * postgres-literals.ts: utility statements cannot take `$1`); fact queries bind `$1` for real.
 * Statements run one by one, each committing on its own: CREATE/DROP DATABASE cannot run in a
 * transaction block. pg loads with the first connection. Every round trip is bounded: the
 * server's `statement_timeout`, and the hub's own deadline, which destroys the connection.
 */
import type pg from 'pg';
import type { SqlStatement } from '../../plan/action.js';
import type { Server } from '../../model/server.js';
import {
  adminAccount, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS, errorText, HUB_GRACE_MS,
  type ConnectOptions, type DbConnection, type Row, type SqlParam,
} from './connection.js';
import { DbError } from './db-error.js';
import { withDeadline } from './deadline.js';
import { ConnectionPool, POOL_SIZE } from './pool.js';
import { escapeLiteral, inlineParams } from './postgres-literals.js';
import { scrubMessage } from './scrub.js';

export class PostgresRunner implements DbConnection {
  readonly dialect = 'postgres' as const;
  readonly server: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly #account: ReturnType<typeof adminAccount>;
  readonly #timeoutMs: number;
  readonly #statementTimeoutMs: number;
  /** Clients destroyed at a deadline: the pool drops them. */
  readonly #broken = new WeakSet<pg.Client>();
  readonly #pool: ConnectionPool<pg.Client>;

  constructor(server: Server, options: ConnectOptions = {}) {
    this.server = server.alias;
    this.#account = adminAccount(server);
    this.endpoint = { host: this.#account.host, port: this.#account.port };
    this.#timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    this.#pool = new ConnectionPool<pg.Client>(
      () => this.#connect(), (client) => client.end().catch(() => undefined), options.connections ?? POOL_SIZE, (client) => this.#broken.has(client),
    );
  }

  /** Runs the statements in order, one round trip each; a failure says how many completed before it. */
  async run(statements: readonly SqlStatement[]): Promise<void> {
    await this.#pool.use(async (client) => {
      for (const [index, statement] of statements.entries()) {
        try {
          await this.#round(client, statement, inlineParams(statement));
        } catch (error) {
          if (error instanceof DbError) error.completed = index;
          throw error;
        }
      }
    });
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return await this.#pool.use(async (client) => (await this.#round(client, { sql, params }, sql, [...params])).rows as T[]);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** One round trip, bounded: at the deadline the connection is destroyed and dropped from the pool. */
  async #round(client: pg.Client, statement: SqlStatement, text: string, values?: SqlParam[]): Promise<pg.QueryResult> {
    const bound = this.#statementTimeoutMs + HUB_GRACE_MS;
    const sent = values === undefined ? client.query(text) : client.query(text, values);
    try {
      return await withDeadline(sent, bound, () => this.#destroy(client), () => new DbError({
        code: 'db_timeout', server: this.server, statement: statement.sql,
        reason: `the server did not answer within ${bound / 1000} s (the connection was dropped)`,
      }));
    } catch (error) {
      throw error instanceof DbError ? error : this.#failure(error, statement);
    }
  }

  #destroy(client: pg.Client): void {
    this.#broken.add(client);
    client.connection.stream.destroy();
  }

  async #connect(): Promise<pg.Client> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      host: this.#account.host,
      port: this.#account.port,
      user: this.#account.user,
      password: this.#account.password,
      database: 'postgres',
      connectionTimeoutMillis: this.#timeoutMs,
      // The server cancels a statement (a lock wait too) past this; the hub's deadline comes after.
      statement_timeout: this.#statementTimeoutMs,
      application_name: 'aegir',
    });
    client.on('error', () => undefined);
    const bound = this.#timeoutMs + HUB_GRACE_MS;
    try {
      await withDeadline(client.connect(), bound, () => client.connection.stream.destroy(), () => new Error(`no answer within ${bound / 1000} s`));
    } catch (error) {
      client.connection.stream.destroy();
      const { message, code } = errorText(error);
      throw new DbError({ code: 'db_unreachable', server: this.server, reason: message, ...(code === undefined ? {} : { driverCode: code }) });
    }
    return client;
  }

  #failure(error: unknown, statement: SqlStatement): DbError {
    const { message, code } = errorText(error);
    return new DbError({
      code: 'db_failed', server: this.server, statement: statement.sql,
      reason: scrubMessage(message, statement.params, escapeLiteral),
      ...(code === undefined ? {} : { driverCode: code }),
    });
  }
}
