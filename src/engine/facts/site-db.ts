/**
 * The db facts of many sites of one db server, read in bulk: on MySQL/MariaDB three queries for
 * all of them (databases, accounts, grants), whatever their number. The password check compares
 * the stored `mysql_native_password` hash with the wanted password's, computed on the hub
 * (`*` + SHA1(SHA1(password)), upper-case hex), so no password travels to the server for it.
 * PostgreSQL sites are read one after the other on the one connection.
 */
import { createHash } from 'node:crypto';
import { Secret } from '../../model/index.js';
import type { SiteDbQuery } from '../../facts/index.js';
import type { DbAccountFacts, SiteDbFacts } from '../../services/db/index.js';
import { checkIdentifier, mysqlGrantPattern } from '../../services/db/identifiers.js';
import type { DbConnection } from '../../transport/sql/index.js';
import { gatherDbFacts } from './db/facts.js';

const PRIVILEGES = [
  'Select', 'Insert', 'Update', 'Delete', 'Create', 'Drop', 'Index', 'Alter', 'Create_tmp_table', 'Lock_tables',
  'Create_view', 'Show_view', 'Create_routine', 'Alter_routine', 'Execute', 'Event', 'Trigger', 'References',
];
/** Rows per query: keeps the parameter list of one statement bounded. */
const CHUNK = 2000;

/** `*` + upper-case hex SHA1 of the binary SHA1 of the password: MySQL's native password hash. */
export function mysqlNativeHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(inner).digest('hex').toUpperCase()}`;
}

/** The db facts of any number of sites on the server of `connection`, by their `key`. */
export async function readSiteDbFacts(connection: DbConnection, sites: readonly SiteDbQuery[]): Promise<Map<string, SiteDbFacts>> {
  const facts = new Map<string, SiteDbFacts>();
  if (connection.dialect !== 'mysql') {
    for (const site of sites) {
      facts.set(site.key, await gatherDbFacts(connection, site));
    }
    return facts;
  }
  const users = [...new Set(sites.map((site) => checkIdentifier(site.user, 'user')))];
  const schemas = new Set((await connection.query<{ name: string }>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA')).map((row) => String(row.name)));
  const accounts = new Map<string, { host: string; hash: string }[]>();
  const grants = new Set<string>();
  for (let start = 0; start < users.length; start += CHUNK) {
    const chunk = users.slice(start, start + CHUNK);
    const marks = chunk.map(() => '?').join(', ');
    const rows = await connection.query<{ user: string; host: string; hash: unknown }>(
      `SELECT User AS user, Host AS host, authentication_string AS hash FROM mysql.user WHERE User IN (${marks})`, chunk);
    for (const row of rows) {
      const list = accounts.get(String(row.user)) ?? [];
      list.push({ host: String(row.host), hash: typeof row.hash === 'string' ? row.hash : '' });
      accounts.set(String(row.user), list);
    }
    const granted = await connection.query<{ user: string; host: string; db: string }>(
      `SELECT User AS user, Host AS host, Db AS db FROM mysql.db WHERE User IN (${marks}) AND ${PRIVILEGES.map((p) => `${p}_priv = 'Y'`).join(' AND ')}`, chunk);
    for (const row of granted) grants.add(`${String(row.user)}\n${String(row.host)}\n${String(row.db)}`);
  }
  for (const site of sites) {
    const { database: dbName, user: dbUser } = site;
    const wanted = mysqlNativeHash(site.password.reveal());
    const pattern = mysqlGrantPattern(checkIdentifier(dbName, 'database'));
    facts.set(site.key, {
      databaseExists: schemas.has(dbName),
      accounts: (accounts.get(dbUser) ?? []).map((account): DbAccountFacts => ({
        host: account.host,
        passwordWorks: account.hash === wanted,
        privileged: grants.has(`${dbUser}\n${account.host}\n${pattern}`),
        ...(account.hash === '' ? {} : { passwordHash: new Secret(account.hash) }),
      })),
    });
  }
  return facts;
}
