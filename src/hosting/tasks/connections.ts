import { AegirError, serverByAlias, type Inventory } from '../../model/index.js';
import { openDbConnection, type DbConnection } from '../../transport/sql/index.js';
import { connect, LocalTransport, type Transport } from '../../transport/index.js';
import { HUB } from '../../tasks/hub-actions.js';

/**
 * The connections one task run uses, opened on first use and closed at its end: one transport per
 * server (the hub's own steps run on `@hub`, the local transport), and one admin connection per db
 * server, shared by the facts read before planning and the SQL actions of the plan.
 */
export class TaskConnections {
  private readonly transports = new Map<string, Transport>();
  private readonly connections = new Map<string, DbConnection>();

  constructor(
    private readonly inventory: Inventory,
    private readonly home: string,
    /** Connections each db server's admin runner may hold at once. */
    private readonly dbConnections = 1,
  ) {}

  readonly transport = (alias: string): Transport => {
    let transport = this.transports.get(alias);
    if (transport === undefined) {
      transport = alias === HUB ? new LocalTransport(HUB) : connect(serverByAlias(this.inventory, alias), { home: this.home });
      this.transports.set(alias, transport);
    }
    return transport;
  };

  /** The admin connection of a db server (its SqlRunner too). */
  readonly db = (alias: string): DbConnection => {
    let connection = this.connections.get(alias);
    if (connection === undefined) {
      const server = serverByAlias(this.inventory, alias);
      if (server.services.db.impl === 'null') throw new AegirError('no_sql_runner', `${alias} has no database service (db.null)`);
      connection = openDbConnection(server, { connections: this.dbConnections });
      this.connections.set(alias, connection);
    }
    return connection;
  };

  async close(): Promise<void> {
    const closing = [...this.transports.values(), ...this.connections.values()].map((c) => c.close());
    this.transports.clear();
    this.connections.clear();
    await Promise.allSettled(closing);
  }
}


