import { AegirError, NotFoundError, type Inventory, type Server } from '../../model/index.js';
import type { SqlRunner } from '../../engine/index.js';
import { sqlRunners, type ConnectOptions } from '../../services/db/runtime/index.js';
import { connect, type Transport } from '../../transport/index.js';

/** Opens a way to a db server's admin account for SQL actions; closed with the task. */
export type SqlRunnerFactory = (server: string) => SqlRunner & { close(): Promise<void> };

/**
 * The real admin connections of the inventory's db servers (mysql2 / pg), one per server,
 * opened on first use. `connectTimeoutMs` bounds each connect.
 */
export function adminSqlRunners(inventory: Inventory, options: ConnectOptions = {}): SqlRunnerFactory {
  const runners = sqlRunners((alias) => serverIn(inventory, alias), options);
  return (alias) => {
    const runner = runners.sql(alias);
    return { run: (statements) => runner.run(statements), close: () => runners.close() };
  };
}

/**
 * The connections one task run uses: one transport per server (opened on first use, so a plan
 * touching three servers opens three), and one SQL runner per db server (by default the server's
 * admin account, from its db settings). All closed at the end.
 */
export class TaskConnections {
  private readonly transports = new Map<string, Transport>();
  private readonly runners = new Map<string, SqlRunner & { close(): Promise<void> }>();
  private readonly sqlFactory: SqlRunnerFactory;

  constructor(
    private readonly inventory: Inventory,
    private readonly home: string,
    sqlFactory?: SqlRunnerFactory,
  ) {
    this.sqlFactory = sqlFactory ?? adminSqlRunners(inventory);
  }

  readonly transport = (alias: string): Transport => {
    let transport = this.transports.get(alias);
    if (transport === undefined) {
      transport = connect(serverIn(this.inventory, alias), { home: this.home });
      this.transports.set(alias, transport);
    }
    return transport;
  };

  readonly sql = (alias: string): SqlRunner => {
    let runner = this.runners.get(alias);
    if (runner === undefined) {
      if (serverIn(this.inventory, alias).services.db.impl === 'null') {
        throw new AegirError('no_sql_runner', `${alias} has no database service (db.null)`);
      }
      runner = this.sqlFactory(alias);
      this.runners.set(alias, runner);
    }
    return runner;
  };

  async close(): Promise<void> {
    const closing = [...this.transports.values(), ...this.runners.values()].map((c) => c.close());
    this.transports.clear();
    this.runners.clear();
    await Promise.allSettled(closing);
  }
}

function serverIn(inventory: Inventory, alias: string): Server {
  const server = inventory.servers.find((s) => s.alias === alias);
  if (server === undefined) throw new NotFoundError('server', alias);
  return server;
}
