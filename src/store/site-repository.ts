import type { Selectable } from 'kysely';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../model/errors.js';
import { tlsIssuerOf, tlsModeOf, type SecretBox, type Site, type SiteCertificate } from '../model/index.js';
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

/** The certificate of a row: its JSON facts and its key, opened; undefined when the hub holds none. */
function certificateOf(row: Selectable<SitesTable>, box: SecretBox): Partial<Site> {
  if (row.tls_certificate === null || row.tls_key === null) return {};
  const facts = JSON.parse(row.tls_certificate) as Omit<SiteCertificate, 'key'>;
  return { certificate: { ...facts, key: box.open(row.tls_key, `site:${row.alias}:tls_key`) } };
}

function certificateColumns(site: Site, box: SecretBox): Pick<SitesTable, 'tls_certificate' | 'tls_key'> {
  const cert = site.certificate;
  if (cert === undefined) return { tls_certificate: null, tls_key: null };
  const { key, ...facts } = cert;
  return { tls_certificate: JSON.stringify(facts), tls_key: box.encrypt(key, `site:${site.alias}:tls_key`) };
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
    // Defaults are left out, as they were given: TLS off, self-signed.
    ...(row.tls === 'off' ? {} : { tls: row.tls }),
    ...(row.tls_issuer === 'self-signed' ? {} : { tlsIssuer: row.tls_issuer }),
    ...credentialsOf(row, box),
    ...certificateOf(row, box),
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
    tls: tlsModeOf(site),
    tls_issuer: tlsIssuerOf(site),
    ...certificateColumns(site, box),
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
