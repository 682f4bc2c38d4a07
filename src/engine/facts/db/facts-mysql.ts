/**
 * What exists for sites on a MySQL/MariaDB server, and the names taken there. The password check
 * needs no login (the hub is usually not a grant host).
 */
import { createHash } from 'node:crypto';
import type { SiteDbQuery } from '../../../facts/index.js';
import { Secret } from '../../../model/secrets.js';
import type { DbAccountFacts, SiteDbFacts } from '../../../services/db/types.js';
import { checkIdentifier, mysqlGrantPattern } from '../../../services/db/identifiers.js';
import type { DbConnection } from '../../../transport/sql/connection.js';

/** Every privilege `GRANT ALL ON db.*` gives that a site needs, as columns of mysql.db. */
export const PRIVILEGE_COLUMNS = [
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

/**
 * The facts of any number of sites on a MySQL/MariaDB server, by their `key`: three queries for
 * all of them (databases, accounts, grants). The password check compares the stored
 * `mysql_native_password` hash with the wanted password's, computed on the hub, so no password
 * travels to the server for it; accounts with another auth plugin never match (their password is set again).
 */
export async function readMysqlSites(connection: DbConnection, sites: readonly SiteDbQuery[]): Promise<Map<string, SiteDbFacts>> {
  const facts = new Map<string, SiteDbFacts>();
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
      `SELECT User AS user, Host AS host, Db AS db FROM mysql.db WHERE User IN (${marks}) AND ${PRIVILEGE_COLUMNS.map((p) => `${p}_priv = 'Y'`).join(' AND ')}`, chunk);
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

/**
 * Every database, every user, and every database name some account still holds grants on: MySQL
 * keeps an account's grants when its database is dropped, so such a name given to a new site
 * would open the new site's database to that old account.
 */
export async function listMysqlNames(connection: DbConnection): Promise<{ databases: string[]; users: string[]; granted: string[] }> {
  const databases = await connection.query<{ name: string }>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA');
  const granted = await connection.query<{ name: string }>(
    'SELECT Db AS name FROM mysql.db UNION SELECT Db FROM mysql.tables_priv UNION SELECT Db FROM mysql.procs_priv');
  const users = await connection.query<{ name: string }>('SELECT DISTINCT User AS name FROM mysql.user');
  return {
    databases: databases.map((row) => String(row.name)),
    users: users.map((row) => String(row.name)),
    granted: granted.map((row) => String(row.name).replace(/\\([_%])/g, '$1')),
  };
}
