import type { Kysely } from 'kysely';
import { NotFoundError } from '../model/errors.js';
import type { Cluster } from '../model/index.js';
import { claimName, releaseName } from './names.js';
import type { DatabaseSchema } from './schema.js';
import { BaseRepository, type Repository } from './repository.js';

/** Clusters and their ordered member servers. */
export class ClusterRepository extends BaseRepository implements Repository<Cluster> {
  async get(alias: string): Promise<Cluster | undefined> {
    const row = await this.ctx.db.selectFrom('clusters').select('alias').where('alias', '=', alias).executeTakeFirst();
    if (row === undefined) return undefined;
    const members = await this.ctx.db
      .selectFrom('cluster_members')
      .select('server')
      .where('cluster', '=', alias)
      .orderBy('position')
      .execute();
    return { alias: row.alias, servers: members.map((m) => m.server) } as Cluster;
  }

  async list(): Promise<Cluster[]> {
    const rows = await this.ctx.db.selectFrom('clusters').select('alias').orderBy('alias').execute();
    const members = await this.ctx.db
      .selectFrom('cluster_members')
      .select(['cluster', 'server'])
      .orderBy('cluster')
      .orderBy('position')
      .execute();
    return rows.map(
      (row) => ({ alias: row.alias, servers: members.filter((m) => m.cluster === row.alias).map((m) => m.server) }) as Cluster,
    );
  }

  async insert(cluster: Cluster): Promise<void> {
    const now = this.ctx.now();
    await this.write(`cluster ${cluster.alias}`, async (db) => {
      await claimName(db, cluster.alias, 'cluster');
      await db.insertInto('clusters').values({ alias: cluster.alias, created_at: now, updated_at: now }).execute();
      await this.insertMembers(db, cluster);
    });
  }

  async update(cluster: Cluster): Promise<void> {
    await this.write(`cluster ${cluster.alias}`, async (db) => {
      const result = await db
        .updateTable('clusters')
        .set({ updated_at: this.ctx.now() })
        .where('alias', '=', cluster.alias)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError('cluster', cluster.alias);
      await db.deleteFrom('cluster_members').where('cluster', '=', cluster.alias).execute();
      await this.insertMembers(db, cluster);
    });
  }

  async delete(alias: string): Promise<void> {
    await this.write(`cluster ${alias}`, async (db) => {
      await db.deleteFrom('cluster_members').where('cluster', '=', alias).execute();
      const result = await db.deleteFrom('clusters').where('alias', '=', alias).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('cluster', alias);
      await releaseName(db, alias);
    });
  }

  private async insertMembers(db: Kysely<DatabaseSchema>, cluster: Cluster): Promise<void> {
    if (cluster.servers.length === 0) return;
    await db
      .insertInto('cluster_members')
      .values(cluster.servers.map((server, position) => ({ cluster: cluster.alias, server, position })))
      .execute();
  }
}
