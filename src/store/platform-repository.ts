import type { Selectable } from 'kysely';
import { NotFoundError } from '../model/errors.js';
import type { Platform } from '../model/index.js';
import { claimName, releaseName } from './names.js';
import { BaseRepository, fromFlag, toFlag, type Repository } from './repository.js';
import type { PlatformsTable } from './schema.js';

function toPlatform(row: Selectable<PlatformsTable>): Platform {
  return {
    alias: row.alias,
    root: row.root,
    app: row.app,
    web: row.web,
    ...(row.source === null ? {} : { source: row.source }),
    locked: fromFlag(row.locked),
  } as Platform;
}

function toRow(platform: Platform): Omit<PlatformsTable, 'created_at' | 'updated_at'> {
  return {
    alias: platform.alias,
    root: platform.root,
    app: platform.app,
    web: platform.web,
    source: platform.source ?? null,
    locked: toFlag(platform.locked),
  };
}

/** Platforms: a codebase root of one app kind, served by a server or a cluster. */
export class PlatformRepository extends BaseRepository implements Repository<Platform> {
  async get(alias: string): Promise<Platform | undefined> {
    const row = await this.ctx.db.selectFrom('platforms').selectAll().where('alias', '=', alias).executeTakeFirst();
    return row === undefined ? undefined : toPlatform(row);
  }

  async list(): Promise<Platform[]> {
    const rows = await this.ctx.db.selectFrom('platforms').selectAll().orderBy('alias').execute();
    return rows.map(toPlatform);
  }

  async insert(platform: Platform): Promise<void> {
    const now = this.ctx.now();
    await this.write(`platform ${platform.alias}`, async (db) => {
      await claimName(db, platform.alias, 'platform');
      await db.insertInto('platforms').values({ ...toRow(platform), created_at: now, updated_at: now }).execute();
    });
  }

  async update(platform: Platform): Promise<void> {
    const result = await this.write(`platform ${platform.alias}`, (db) =>
      db
        .updateTable('platforms')
        .set({ ...toRow(platform), updated_at: this.ctx.now() })
        .where('alias', '=', platform.alias)
        .executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) throw new NotFoundError('platform', platform.alias);
  }

  async delete(alias: string): Promise<void> {
    await this.write(`platform ${alias}`, async (db) => {
      const result = await db.deleteFrom('platforms').where('alias', '=', alias).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('platform', alias);
      await releaseName(db, alias);
    });
  }
}
