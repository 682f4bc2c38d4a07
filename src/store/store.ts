import { sql, type Kysely } from 'kysely';
import type { Inventory, SecretBox } from '../model/index.js';
import { ClientRepository } from './client-repository.js';
import { ClusterRepository } from './cluster-repository.js';
import type { StoreBackend } from './database.js';
import { kindOfName, type NamedKind } from './names.js';
import { PlatformRepository } from './platform-repository.js';
import type { RepositoryContext } from './repository.js';
import type { DatabaseSchema } from './schema.js';
import { ServerRepository } from './server-repository.js';
import { SiteRepository } from './site-repository.js';

/**
 * The hub's inventory in its database: one repository per entity, the whole inventory as a
 * snapshot, and transactions. The same code runs on SQLite and PostgreSQL.
 */
export class Store {
  readonly servers: ServerRepository;
  readonly clusters: ClusterRepository;
  readonly platforms: PlatformRepository;
  readonly sites: SiteRepository;
  readonly clients: ClientRepository;

  private readonly ctx: RepositoryContext;

  constructor(
    readonly backend: StoreBackend,
    base: Omit<RepositoryContext, 'atomic'>,
    private readonly inTransaction = false,
  ) {
    const ctx: RepositoryContext = { ...base, atomic: (fn) => this.transaction((tx) => fn(tx.ctx)) };
    this.ctx = ctx;
    this.servers = new ServerRepository(ctx);
    this.clusters = new ClusterRepository(ctx);
    this.platforms = new PlatformRepository(ctx);
    this.sites = new SiteRepository(ctx);
    this.clients = new ClientRepository(ctx);
  }

  /** The kysely instance (or open transaction) behind this store, for later tables such as the queue. */
  get db(): Kysely<DatabaseSchema> {
    return this.ctx.db;
  }

  get box(): SecretBox {
    return this.ctx.box;
  }

  /** Every entity, read in one transaction so the snapshot is consistent. */
  async loadInventory(): Promise<Inventory> {
    return await this.transaction('read', async (tx) => {
      const [servers, clusters, platforms, sites, clients] = [
        await tx.servers.list(),
        await tx.clusters.list(),
        await tx.platforms.list(),
        await tx.sites.list(),
        await tx.clients.list(),
      ];
      return { servers, clusters, platforms, sites, clients } as Inventory;
    });
  }

  /** Which kind of entity an alias names (servers, clusters, platforms and sites share one namespace). */
  async kindOf(alias: string): Promise<NamedKind | undefined> {
    return await kindOfName(this.ctx.db, alias);
  }

  /**
   * The database and role the hub itself keeps its data in, on PostgreSQL (none on SQLite): no site
   * may ever adopt them, or deleting that site would drop the hub's own database.
   */
  async ownDatabaseNames(): Promise<string[]> {
    if (this.backend !== 'postgres') return [];
    const { rows } = await sql<{ db: string; role: string }>`select current_database() as db, current_user as role`.execute(this.ctx.db);
    return rows.flatMap((row) => [String(row.db), String(row.role)]);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.ctx.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  /**
   * Runs `fn` in one transaction: everything it wrote is committed together, or nothing if it throws.
   * Nested calls join the open transaction. On SQLite a writing transaction starts IMMEDIATE so
   * that concurrent hub processes queue on the write lock (busy_timeout) instead of failing
   * mid-way; `'read'` (a consistent snapshot for reads only) starts DEFERRED and takes no write lock.
   */
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  async transaction<T>(mode: 'read' | 'write', fn: (tx: Store) => Promise<T>): Promise<T>;
  async transaction<T>(...args: [(tx: Store) => Promise<T>] | ['read' | 'write', (tx: Store) => Promise<T>]): Promise<T> {
    const [mode, fn] = args.length === 1 ? ['write' as const, args[0]] : args;
    if (this.inTransaction) return await fn(this);
    if (this.backend === 'postgres') {
      return await this.ctx.db.transaction().execute((trx) => fn(new Store(this.backend, { ...this.ctx, db: trx }, true)));
    }
    return await this.ctx.db.connection().execute(async (conn) => {
      await (mode === 'write' ? sql`begin immediate` : sql`begin`).execute(conn);
      try {
        const result = await fn(new Store(this.backend, { ...this.ctx, db: conn }, true));
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }

  /** Closes the connections; the store is unusable afterwards. */
  async close(): Promise<void> {
    if (!this.inTransaction) await this.ctx.db.destroy();
  }
}
