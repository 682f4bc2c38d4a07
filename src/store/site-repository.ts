import type { Selectable } from 'kysely';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../model/errors.js';
import type { SecretBox, Site } from '../model/index.js';
import { claimName, releaseName } from './names.js';
import { BaseRepository, fromFlag, toFlag, type Repository } from './repository.js';
import type { DatabaseSchema, SitesTable } from './schema.js';

/** A site secret as stored: encrypted and bound to its site and column, so it cannot be moved. */
function sealed(box: SecretBox, alias: string, column: string, value: Site['dbPassword']): string | null {
  return value === undefined ? null : box.encrypt(value, `site:${alias}:${column}`);
}

function credentialsOf(row: Selectable<SitesTable>, box: SecretBox): Partial<Site> {
  const open = (column: 'db_password' | 'hash_salt'): Site['dbPassword'] => {
    const blob = row[column];
    return blob === null ? undefined : box.open(blob, `site:${row.alias}:${column}`);
  };
  const fields = { dbName: row.db_name ?? undefined, dbUser: row.db_user ?? undefined, dbPassword: open('db_password'), hashSalt: open('hash_salt') };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function toSite(row: Selectable<SitesTable>, aliases: string[], box: SecretBox): Site {
  return {
    alias: row.alias,
    uri: row.uri,
    platform: row.platform,
    db: row.db_server,
    aliases,
    redirect: fromFlag(row.redirect),
    ...(row.client === null ? {} : { client: row.client }),
    status: row.status,
    ...credentialsOf(row, box),
  } as Site;
}

function toRow(site: Site, box: SecretBox): Omit<SitesTable, 'created_at' | 'updated_at'> {
  return {
    alias: site.alias,
    uri: site.uri,
    platform: site.platform,
    db_server: site.db,
    redirect: toFlag(site.redirect),
    client: site.client ?? null,
    status: site.status,
    db_name: site.dbName ?? null,
    db_user: site.dbUser ?? null,
    db_password: sealed(box, site.alias, 'db_password', site.dbPassword),
    hash_salt: sealed(box, site.alias, 'hash_salt', site.hashSalt),
  };
}

/**
 * Sites and every DNS name they answer to. `site_names` holds each site's uri and aliases under
 * one primary key, so two sites can never share a name, whatever the order of racing writes.
 */
export class SiteRepository extends BaseRepository implements Repository<Site> {
  async get(alias: string): Promise<Site | undefined> {
    const row = await this.ctx.db.selectFrom('sites').selectAll().where('alias', '=', alias).executeTakeFirst();
    if (row === undefined) return undefined;
    const names = await this.ctx.db
      .selectFrom('site_names')
      .select('name')
      .where('site', '=', alias)
      .where('kind', '=', 'alias')
      .orderBy('position')
      .execute();
    return toSite(row, names.map((n) => n.name), this.ctx.box);
  }

  async list(): Promise<Site[]> {
    const rows = await this.ctx.db.selectFrom('sites').selectAll().orderBy('uri').execute();
    const names = await this.ctx.db
      .selectFrom('site_names')
      .select(['site', 'name'])
      .where('kind', '=', 'alias')
      .orderBy('site')
      .orderBy('position')
      .execute();
    return rows.map((row) => toSite(row, names.filter((n) => n.site === row.alias).map((n) => n.name), this.ctx.box));
  }

  async insert(site: Site): Promise<void> {
    const now = this.ctx.now();
    await this.write(`site ${site.uri}`, async (db) => {
      await claimName(db, site.alias, 'site');
      await db.insertInto('sites').values({ ...toRow(site, this.ctx.box), created_at: now, updated_at: now }).execute();
      await this.insertNames(db, site);
    });
  }

  async update(site: Site): Promise<void> {
    await this.write(`site ${site.uri}`, async (db) => {
      const result = await db
        .updateTable('sites')
        .set({ ...toRow(site, this.ctx.box), updated_at: this.ctx.now() })
        .where('alias', '=', site.alias)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError('site', site.alias);
      await db.deleteFrom('site_names').where('site', '=', site.alias).execute();
      await this.insertNames(db, site);
    });
  }

  async delete(alias: string): Promise<void> {
    await this.write(`site ${alias}`, async (db) => {
      await db.deleteFrom('site_names').where('site', '=', alias).execute();
      const result = await db.deleteFrom('sites').where('alias', '=', alias).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('site', alias);
      await releaseName(db, alias);
    });
  }

  private async insertNames(db: Kysely<DatabaseSchema>, site: Site): Promise<void> {
    const rows = [
      { name: site.uri, site: site.alias, kind: 'uri' as const, position: 0 },
      ...site.aliases.map((name, i) => ({ name, site: site.alias, kind: 'alias' as const, position: i + 1 })),
    ];
    await db.insertInto('site_names').values(rows).execute();
  }
}
