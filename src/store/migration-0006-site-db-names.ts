import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The database and account names each site holds on its db server, one row per distinct name:
 * the primary key (server, name) keeps two sites from ever sharing one, whatever the order of
 * racing writes (two installs choosing names at once, an import beside them). Existing sites get
 * their rows; a name two sites already share stays with the site made first, and the other's
 * next write is refused until it is fixed.
 */
export const migration0006SiteDbNames: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('site_db_names')
      .addColumn('server', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('site', 'text', (c) => c.notNull().references('sites.alias').onDelete('cascade'))
      .addPrimaryKeyConstraint('site_db_names_pk', ['server', 'name'])
      .execute();
    await db.schema.createIndex('site_db_names_site').on('site_db_names').column('site').execute();
    const { rows } = await sql<{ alias: string; db_server: string; db_name: string | null; db_user: string | null }>`
      select alias, db_server, db_name, db_user from sites order by created_at, alias
    `.execute(db);
    const claimed = new Set<string>();
    for (const row of rows) {
      for (const name of [row.db_name, row.db_user]) {
        const key = `${row.db_server}\n${name ?? ''}`;
        if (name === null || claimed.has(key)) continue;
        claimed.add(key);
        await sql`insert into site_db_names (server, name, site) values (${row.db_server}, ${name}, ${row.alias})`.execute(db);
      }
    }
  },
};
