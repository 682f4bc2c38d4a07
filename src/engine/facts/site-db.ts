/**
 * The db facts of any number of sites of one db server, by their `key`: on MySQL/MariaDB three
 * queries for all of them (databases, accounts, grants), whatever their number (`readMysqlSites`);
 * PostgreSQL sites are read one after the other on the one connection.
 */
import type { SiteDbQuery } from '../../facts/index.js';
import type { SiteDbFacts } from '../../services/db/index.js';
import type { DbConnection } from '../../transport/sql/index.js';
import { readMysqlSites } from './db/facts-mysql.js';
import { gatherPostgresFacts } from './db/facts-postgres.js';

export async function readSiteDbFacts(connection: DbConnection, sites: readonly SiteDbQuery[]): Promise<Map<string, SiteDbFacts>> {
  if (connection.dialect === 'mysql') return await readMysqlSites(connection, sites);
  const facts = new Map<string, SiteDbFacts>();
  for (const site of sites) facts.set(site.key, await gatherPostgresFacts(connection, site));
  return facts;
}
