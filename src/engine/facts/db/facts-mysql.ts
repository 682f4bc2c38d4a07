/**
 * What exists for a site on a MySQL/MariaDB server. The password check needs no login (the hub
 * is usually not a grant host): the account's `mysql_native_password` hash is compared with the
 * hash of the wanted password, computed by the server (`*` + SHA1(SHA1(password)) in hex).
 * Accounts with another auth plugin never match, so their password gets set again.
 */
import { Secret } from '../../../model/secrets.js';
import type { DbAccountFacts, SiteDbFacts } from '../../../services/db/types.js';
import { checkIdentifier, mysqlGrantPattern } from '../../../services/db/identifiers.js';
import type { DbConnection } from '../../../transport/sql/connection.js';
import type { FactsRequest } from './facts.js';

/** Every privilege `GRANT ALL ON db.*` gives that a site needs, as columns of mysql.db. */
export const PRIVILEGE_COLUMNS = [
  'Select', 'Insert', 'Update', 'Delete', 'Create', 'Drop', 'Index', 'Alter', 'Create_tmp_table', 'Lock_tables',
  'Create_view', 'Show_view', 'Create_routine', 'Alter_routine', 'Execute', 'Event', 'Trigger', 'References',
];

const ACCOUNTS_SQL = `SELECT Host AS host, authentication_string AS hash,
  BINARY authentication_string = BINARY CONCAT('*', UPPER(SHA1(UNHEX(SHA1(?))))) AS password_works
FROM mysql.user WHERE User = ?`;

const GRANTS_SQL = `SELECT Host AS host FROM mysql.db WHERE User = ? AND Db = ? AND ${
  PRIVILEGE_COLUMNS.map((column) => `${column}_priv = 'Y'`).join(' AND ')}`;

export async function gatherMysqlFacts(connection: DbConnection, request: FactsRequest): Promise<SiteDbFacts> {
  const database = checkIdentifier(request.database, 'database');
  const user = checkIdentifier(request.user, 'user');
  const schemas = await connection.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
  const accounts = await connection.query<{ host: string; hash: unknown; password_works: unknown }>(ACCOUNTS_SQL, [request.password.reveal(), user]);
  const granted = new Set(
    (await connection.query<{ host: string }>(GRANTS_SQL, [user, mysqlGrantPattern(database)])).map((row) => String(row.host)),
  );
  return {
    databaseExists: schemas.length > 0,
    accounts: accounts.map((row): DbAccountFacts => ({
      host: String(row.host),
      passwordWorks: Number(row.password_works) === 1,
      privileged: granted.has(String(row.host)),
      ...(typeof row.hash === 'string' && row.hash !== '' ? { passwordHash: new Secret(row.hash) } : {}),
    })),
  };
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
