import { NotFoundError } from '../model/errors.js';
import type { Client } from '../model/index.js';
import { BaseRepository, type Repository } from './repository.js';

/** Clients, keyed by name. */
export class ClientRepository extends BaseRepository implements Repository<Client> {
  async get(name: string): Promise<Client | undefined> {
    const row = await this.ctx.db.selectFrom('clients').select('name').where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : { name: row.name };
  }

  async list(): Promise<Client[]> {
    const rows = await this.ctx.db.selectFrom('clients').select('name').orderBy('name').execute();
    return rows.map((row) => ({ name: row.name }));
  }

  async insert(client: Client): Promise<void> {
    const now = this.ctx.now();
    await this.write(`client ${client.name}`, (db) =>
      db.insertInto('clients').values({ name: client.name, created_at: now, updated_at: now }).execute(),
    );
  }

  async update(client: Client): Promise<void> {
    const result = await this.ctx.db
      .updateTable('clients')
      .set({ updated_at: this.ctx.now() })
      .where('name', '=', client.name)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new NotFoundError('client', client.name);
  }

  async delete(name: string): Promise<void> {
    const result = await this.write(`client ${name}`, (db) =>
      db.deleteFrom('clients').where('name', '=', name).executeTakeFirst(),
    );
    if (result.numDeletedRows === 0n) throw new NotFoundError('client', name);
  }
}
