import { AegirError, NotFoundError, type Inventory } from '../../model/index.js';
import type { SqlRunner } from '../../engine/index.js';
import { connect, type Transport } from '../../transport/index.js';

/** Opens a way to a db server's admin account for SQL actions; closed with the task. */
export type SqlRunnerFactory = (server: string) => SqlRunner & { close(): Promise<void> };

/**
 * The connections one task run uses: one transport per server (opened on first use, so a plan
 * touching three servers opens three), and one SQL runner per db server. All closed at the end.
 */
export class TaskConnections {
  private readonly transports = new Map<string, Transport>();
  private readonly runners = new Map<string, SqlRunner & { close(): Promise<void> }>();

  constructor(
    private readonly inventory: Inventory,
    private readonly home: string,
    private readonly sqlFactory?: SqlRunnerFactory,
  ) {}

  readonly transport = (alias: string): Transport => {
    let transport = this.transports.get(alias);
    if (transport === undefined) {
      const server = this.inventory.servers.find((s) => s.alias === alias);
      if (server === undefined) throw new NotFoundError('server', alias);
      transport = connect(server, { home: this.home });
      this.transports.set(alias, transport);
    }
    return transport;
  };

  readonly sql = (alias: string): SqlRunner => {
    let runner = this.runners.get(alias);
    if (runner === undefined) {
      if (this.sqlFactory === undefined) throw new AegirError('no_sql_runner', `no SQL connection is available for ${alias}`);
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
