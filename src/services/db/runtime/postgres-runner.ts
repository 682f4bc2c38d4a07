/**
 * The hub's admin connection to a PostgreSQL server (pg), to the `postgres` database. Plan
 * statements go as simple queries with their parameters inlined as literals (see
 * postgres-literals.ts: utility statements cannot take `$1`); fact queries bind `$1` for real.
 * Statements run one by one, each committing on its own: CREATE/DROP DATABASE cannot run in a
 * transaction block. pg loads with the first connection.
 */
import type pg from 'pg';
import type { SqlStatement } from '../../../plan/action.js';
import type { Server } from '../../../model/server.js';
import {
  adminAccount, DEFAULT_CONNECT_TIMEOUT_MS, errorText, type ConnectOptions, type DbConnection, type Row, type SqlParam,
} from './connection.js';
import { DbError } from './db-error.js';
import { ConnectionPool, POOL_SIZE } from './pool.js';
import { escapeLiteral, inlineParams } from './postgres-literals.js';
import { scrubMessage } from './scrub.js';

export class PostgresRunner implements DbConnection {
  readonly dialect = 'postgres' as const;
  readonly server: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly #account: ReturnType<typeof adminAccount>;
  readonly #timeoutMs: number;
  readonly #pool: ConnectionPool<pg.Client>;

  constructor(server: Server, options: ConnectOptions = {}) {
    this.server = server.alias;
    this.#account = adminAccount(server);
    this.endpoint = { host: this.#account.host, port: this.#account.port };
    this.#timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#pool = new ConnectionPool<pg.Client>(() => this.#connect(), (client) => client.end().catch(() => undefined), options.connections ?? POOL_SIZE);
  }

  async run(statements: readonly SqlStatement[]): Promise<void> {
    await this.#pool.use(async (client) => {
      for (const statement of statements) {
        try {
          await client.query(inlineParams(statement));
        } catch (error) {
          throw this.#failure(error, statement);
        }
      }
    });
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return await this.#pool.use(async (client) => {
      try {
        return (await client.query(sql, [...params])).rows as T[];
      } catch (error) {
        throw this.#failure(error, { sql, params });
      }
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
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
      application_name: 'aegir',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
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
