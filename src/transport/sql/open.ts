/** Admin connections by server: the one place that picks the runner of a db implementation. */
import { AegirError } from '../../model/errors.js';
import type { Server } from '../../model/server.js';
import type { ConnectOptions, DbConnection, SqlRunner } from './connection.js';
import { MysqlRunner } from './mysql-runner.js';
import { PostgresRunner } from './postgres-runner.js';

/** A (lazily connecting) admin connection to the db server; db.null has none. */
export function openDbConnection(server: Server, options: ConnectOptions = {}): DbConnection {
  switch (server.services.db.impl) {
    case 'mysql':
      return new MysqlRunner(server, options);
    case 'postgres':
      return new PostgresRunner(server, options);
    case 'null':
      throw new AegirError('db_none', `${server.alias} has no database service (db.null)`, { exitCode: 2 });
  }
}

/**
 * SQL runners for one task run: `sql(alias)` gives the same connection for every call with that
 * alias (one connection per server per task), `close()` ends them all. Plug `sql` into `execute`.
 */
export function sqlRunners(serverOf: (alias: string) => Server, options: ConnectOptions = {}): {
  sql: (alias: string) => SqlRunner;
  close: () => Promise<void>;
} {
  const open = new Map<string, DbConnection>();
  return {
    sql(alias) {
      let connection = open.get(alias);
      if (connection === undefined) {
        connection = openDbConnection(serverOf(alias), options);
        open.set(alias, connection);
      }
      return connection;
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map((connection) => connection.close()));
    },
  };
}
