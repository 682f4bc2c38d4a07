import type { Selectable } from 'kysely';
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../model/errors.js';
import { REDACTED, tlsIssuerOf, tlsModeOf, type SecretBox, type Site, type SiteCertificate } from '../model/index.js';
import { claimName, releaseName } from './names.js';
import { BaseRepository, fromFlag, toFlag, type Repository } from './repository.js';
import type { DatabaseSchema, SitesTable } from './schema.js';

/** A site secret as stored: encrypted and bound to its site and column, so it cannot be moved. */
function sealed(box: SecretBox, alias: string, column: string, value: Site['dbPassword']): string | null {
  return value === undefined ? null : box.encrypt(value, `site:${alias}:${column}`);
}

/** A secret as a listing shows it: that the hub holds one, never its value. */
export type Redacted = typeof REDACTED;

/**
 * A site as `list` shows it: every field of `Site` in the same order, its secrets (database
 * password, hash salt, certificate key) as `********`. They are never decrypted for it.
 */
export type ListedSite = Omit<Site, 'dbPassword' | 'hashSalt' | 'certificate'> & {
  readonly dbPassword?: Redacted;
  readonly hashSalt?: Redacted;
  readonly certificate?: Omit<SiteCertificate, 'key'> & { readonly key: Redacted };
};

type SecretColumn = 'db_password' | 'hash_salt' | 'tls_key';

/** A row's secret column: opened for a `Site`, or only `********` when there is one, for a listing. */
type SecretOf<R> = (column: SecretColumn) => R | undefined;

type SiteRow = Pick<Selectable<SitesTable>,
  'alias' | 'uri' | 'platform' | 'db_server' | 'redirect' | 'client' | 'status' | 'tls' | 'tls_issuer' | 'db_name' | 'db_user' | 'tls_certificate'>;

/**
 * A site from its row, fields in the order of `Site`. Defaults are left out, as they were given
 * (TLS off, self-signed), and so are credentials not generated yet. Built field by field: a
 * listing makes thousands of these.
 */
function siteOf<R>(row: SiteRow, aliases: string[], secret: SecretOf<R>): Record<string, unknown> {
  const site: Record<string, unknown> = {
    alias: row.alias, uri: row.uri, platform: row.platform, db: row.db_server, aliases, redirect: fromFlag(row.redirect),
  };
  if (row.client !== null) site.client = row.client;
  site.status = row.status;
  if (row.tls !== 'off') site.tls = row.tls;
  if (row.tls_issuer !== 'self-signed') site.tlsIssuer = row.tls_issuer;
  if (row.db_name !== null) site.dbName = row.db_name;
  if (row.db_user !== null) site.dbUser = row.db_user;
  const dbPassword = secret('db_password');
  if (dbPassword !== undefined) site.dbPassword = dbPassword;
  const hashSalt = secret('hash_salt');
  if (hashSalt !== undefined) site.hashSalt = hashSalt;
  if (row.tls_certificate !== null) {
    // The certificate: its JSON facts and its key; nothing when the hub holds no key for it.
    const key = secret('tls_key');
    if (key !== undefined) site.certificate = { ...(JSON.parse(row.tls_certificate) as Omit<SiteCertificate, 'key'>), key };
  }
  return site;
}

/** Each site's aliases in order, from `site_names` rows sorted by site and position. */
function aliasesBySite(names: readonly { site: string; name: string }[]): Map<string, string[]> {
  const bySite = new Map<string, string[]>();
  for (const { site, name } of names) {
    const list = bySite.get(site);
    if (list === undefined) bySite.set(site, [name]);
    else list.push(name);
  }
  return bySite;
}

function certificateColumns(site: Site, box: SecretBox): Pick<SitesTable, 'tls_certificate' | 'tls_key'> {
  const cert = site.certificate;
  if (cert === undefined) return { tls_certificate: null, tls_key: null };
  const { key, ...facts } = cert;
  return { tls_certificate: JSON.stringify(facts), tls_key: box.encrypt(key, `site:${site.alias}:tls_key`) };
}

function toSite(row: Selectable<SitesTable>, aliases: string[], box: SecretBox): Site {
  const open: SecretOf<Site['dbPassword']> = (column) => {
    const blob = row[column];
    return blob === null ? undefined : box.open(blob, `site:${row.alias}:${column}`);
  };
  return siteOf(row, aliases, open) as Site;
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
    const aliases = await this.allAliases();
    return rows.map((row) => toSite(row, aliases.get(row.alias) ?? [], this.ctx.box));
  }

  /**
   * Every site as `list` shows it, sorted by uri: the columns it prints, and of each secret only
   * whether the hub holds one (`********`). Nothing is decrypted, so a listing of thousands of
   * sites costs one query per table.
   */
  async listRedacted(): Promise<ListedSite[]> {
    const rows = await this.ctx.db
      .selectFrom('sites')
      .select(['alias', 'uri', 'platform', 'db_server', 'redirect', 'client', 'status', 'tls', 'tls_issuer', 'db_name', 'db_user', 'tls_certificate'])
      .select((eb) => [
        eb('db_password', 'is not', null).as('has_db_password'),
        eb('hash_salt', 'is not', null).as('has_hash_salt'),
        eb('tls_key', 'is not', null).as('has_tls_key'),
      ])
      .orderBy('uri')
      .execute();
    const aliases = await this.allAliases();
    return rows.map((row) => {
      const held: SecretOf<Redacted> = (column) => {
        const has = column === 'db_password' ? row.has_db_password : column === 'hash_salt' ? row.has_hash_salt : row.has_tls_key;
        return fromFlag(has as number | boolean) ? REDACTED : undefined;
      };
      return siteOf(row, aliases.get(row.alias) ?? [], held) as ListedSite;
    });
  }

  private async allAliases(): Promise<Map<string, string[]>> {
    const names = await this.ctx.db
      .selectFrom('site_names')
      .select(['site', 'name'])
      .where('kind', '=', 'alias')
      .orderBy('site')
      .orderBy('position')
      .execute();
    return aliasesBySite(names);
  }

  async insert(site: Site): Promise<void> {
    const now = this.ctx.now();
    await this.write(`site ${site.uri}`, async (db) => {
      await claimName(db, site.alias, 'site');
      await db.insertInto('sites').values({ ...toRow(site, this.ctx.box), created_at: now, updated_at: now }).execute();
      await this.insertNames(db, site);
      await this.claimDbNames(db, site);
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
      await db.deleteFrom('site_db_names').where('site', '=', site.alias).execute();
      await this.claimDbNames(db, site);
    });
  }

  async delete(alias: string): Promise<void> {
    await this.write(`site ${alias}`, async (db) => {
      await db.deleteFrom('site_names').where('site', '=', alias).execute();
      await db.deleteFrom('site_db_names').where('site', '=', alias).execute();
      const result = await db.deleteFrom('sites').where('alias', '=', alias).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('site', alias);
      await releaseName(db, alias);
    });
  }

  /**
   * Claims the site's database and account names on its db server: a name another site holds is
   * refused, naming that site (and the primary key refuses it too when two writes race).
   */
  private async claimDbNames(db: Kysely<DatabaseSchema>, site: Site): Promise<void> {
    const names = [...new Set([site.dbName, site.dbUser].filter((name): name is string => name !== undefined))];
    if (names.length === 0) return;
    const held = await db.selectFrom('site_db_names').select(['name', 'site'])
      .where('server', '=', site.db).where('name', 'in', names).where('site', '<>', site.alias).executeTakeFirst();
    if (held !== undefined) {
      throw new ConflictError(`site ${site.uri}: ${held.name} on ${site.db} is already the database or account of site ${held.site.replace(/^@/, '')}; a site's database and account belong to it alone`);
    }
    await db.insertInto('site_db_names').values(names.map((name) => ({ server: site.db, name, site: site.alias }))).execute();
  }

  private async insertNames(db: Kysely<DatabaseSchema>, site: Site): Promise<void> {
    const rows = [
      { name: site.uri, site: site.alias, kind: 'uri' as const, position: 0 },
      ...site.aliases.map((name, i) => ({ name, site: site.alias, kind: 'alias' as const, position: i + 1 })),
    ];
    await db.insertInto('site_names').values(rows).execute();
  }
}
