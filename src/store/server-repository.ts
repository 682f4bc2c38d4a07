import type { Selectable } from 'kysely';
import { NotFoundError } from '../model/errors.js';
import type { Server, ServiceType } from '../model/index.js';
import { claimName, releaseName } from './names.js';
import { BaseRepository, type Repository } from './repository.js';
import type { ServersTable } from './schema.js';
import { openSettings, sealSettings } from './secret-settings.js';

type ServerRow = Omit<ServersTable, 'created_at' | 'updated_at'>;

/** Servers and their bundle of services; secret settings are encrypted in the row. */
export class ServerRepository extends BaseRepository implements Repository<Server> {
  async get(alias: string): Promise<Server | undefined> {
    const row = await this.ctx.db.selectFrom('servers').selectAll().where('alias', '=', alias).executeTakeFirst();
    return row === undefined ? undefined : this.toServer(row);
  }

  async list(): Promise<Server[]> {
    const rows = await this.ctx.db.selectFrom('servers').selectAll().orderBy('alias').execute();
    return rows.map((row) => this.toServer(row));
  }

  async insert(server: Server): Promise<void> {
    const now = this.ctx.now();
    await this.write(`server ${server.alias}`, async (db) => {
      await claimName(db, server.alias, 'server');
      await db.insertInto('servers').values({ ...this.toRow(server), created_at: now, updated_at: now }).execute();
    });
  }

  async update(server: Server): Promise<void> {
    const result = await this.write(`server ${server.alias}`, (db) =>
      db
        .updateTable('servers')
        .set({ ...this.toRow(server), updated_at: this.ctx.now() })
        .where('alias', '=', server.alias)
        .executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) throw new NotFoundError('server', server.alias);
  }

  async delete(alias: string): Promise<void> {
    await this.write(`server ${alias}`, async (db) => {
      const result = await db.deleteFrom('servers').where('alias', '=', alias).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('server', alias);
      await releaseName(db, alias);
    });
  }

  private toRow(server: Server): ServerRow {
    const seal = (type: ServiceType): string =>
      sealSettings(server.services[type].settings as Record<string, unknown>, this.ctx.box, `server:${server.alias}:${type}`);
    return {
      alias: server.alias,
      host: server.host,
      ssh_port: server.sshPort,
      ssh_user: server.sshUser,
      ssh_key: server.sshKey ?? null,
      http_impl: server.services.http.impl,
      http_settings: seal('http'),
      db_impl: server.services.db.impl,
      db_settings: seal('db'),
      files_impl: server.services.files.impl,
      files_settings: seal('files'),
    };
  }

  private toServer(row: Selectable<ServersTable>): Server {
    const open = (text: string, type: ServiceType): Record<string, unknown> =>
      openSettings(text, this.ctx.box, `server:${row.alias}:${type}`);
    return {
      alias: row.alias,
      host: row.host,
      sshPort: Number(row.ssh_port),
      sshUser: row.ssh_user,
      ...(row.ssh_key === null ? {} : { sshKey: row.ssh_key }),
      services: {
        http: { impl: row.http_impl, settings: open(row.http_settings, 'http') },
        db: { impl: row.db_impl, settings: open(row.db_settings, 'db') },
        files: { impl: row.files_impl, settings: open(row.files_settings, 'files') },
      },
    } as Server;
  }
}
