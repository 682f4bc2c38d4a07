/**
 * What a MySQL/MariaDB server says about a database and account a site's settings name, read by
 * the admin from the grant tables: every account of the user (one per host), its global
 * privileges, roles and proxies, its grants on databases, tables, columns and routines, and who
 * else holds grants on the database. Tables one server version lacks (MySQL 8's global_grants
 * and role_edges, MariaDB's roles_mapping) are skipped.
 */
import type { AdoptionFacts } from '../../../services/db/adoption.js';
import { checkIdentifier, mysqlGrantPattern } from '../../../services/db/identifiers.js';
import type { DbConnection, Row } from '../../../transport/sql/connection.js';
import { DbError } from '../../../transport/sql/db-error.js';
import { PRIVILEGE_COLUMNS } from './facts-mysql.js';

type Text = Record<string, unknown>;

const str = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? ''));
const account = (user: string, host: unknown): string => `'${user}'@'${str(host)}'`;

/** A query on a grant table this server version may not have: no rows then. */
async function optional(connection: DbConnection, sql: string, params: string[]): Promise<Row[]> {
  try {
    return await connection.query(sql, params);
  } catch (error) {
    if (error instanceof DbError && (error.driverCode === 'ER_NO_SUCH_TABLE' || error.driverCode === 'ER_BAD_FIELD_ERROR')) return [];
    throw error;
  }
}

/** Whether a grant's database pattern (`_`, `%` wildcards, `\` escapes) admits `name`. */
function patternAdmits(pattern: string, name: string): boolean {
  let body = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) body += (pattern[(i += 1)] ?? '').replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    else body += ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  }
  return new RegExp(`^${body}$`).test(name);
}

export async function gatherMysqlAdoption(connection: DbConnection, request: { database: string; user: string }): Promise<AdoptionFacts> {
  const database = checkIdentifier(request.database, 'database');
  const user = checkIdentifier(request.user, 'user');
  const own = mysqlGrantPattern(database);
  const beyond: string[] = [];
  const lacking: string[] = [];
  const schemas = await connection.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
  const users = (await connection.query('SELECT * FROM mysql.user WHERE User = ?', [user])) as Text[];
  for (const row of users) {
    const granted = Object.keys(row).filter((key) => /_priv$/i.test(key) && str(row[key]) === 'Y');
    if (granted.length > 0) beyond.push(`global ${granted.map((key) => key.replace(/_priv$/i, '').toUpperCase()).join(', ')} (${account(user, row.Host)})`);
    if (str(row.is_role) === 'Y') beyond.push(`the name of a role (${account(user, row.Host)})`);
    if (str(row.default_role) !== '') beyond.push(`the default role ${str(row.default_role)} (${account(user, row.Host)})`);
  }
  for (const row of await optional(connection, 'SELECT PRIV AS priv, HOST AS host FROM mysql.global_grants WHERE USER = ?', [user])) {
    beyond.push(`global ${str(row.priv)} (${account(user, row.host)})`);
  }
  for (const row of await optional(connection, 'SELECT Role AS role, Host AS host FROM mysql.roles_mapping WHERE User = ?', [user])) {
    beyond.push(`the role ${str(row.role)} (${account(user, row.host)})`);
  }
  for (const row of await optional(connection, 'SELECT FROM_USER AS role, TO_HOST AS host FROM mysql.role_edges WHERE TO_USER = ?', [user])) {
    beyond.push(`the role ${str(row.role)} (${account(user, row.host)})`);
  }
  for (const row of await connection.query('SELECT Host AS host, Proxied_user AS proxied FROM mysql.proxies_priv WHERE User = ?', [user])) {
    beyond.push(`PROXY for ${str(row.proxied) === '' ? 'any account' : str(row.proxied)} (${account(user, row.host)})`);
  }
  const dbRows = (await connection.query('SELECT * FROM mysql.db WHERE User = ?', [user])) as Text[];
  const onOwn = new Map<string, Text>();
  for (const row of dbRows) {
    const pattern = str(row.Db);
    if (pattern === own) onOwn.set(str(row.Host), row);
    else if (patternAdmits(pattern, database)) beyond.push(`privileges on \`${pattern}\`, a pattern that covers more than ${database} (in a grant, _ and % match any character: grant on \`${own}\`.* instead)`);
    else beyond.push(`privileges on database ${pattern.replace(/\\([_%])/g, '$1')} (${account(user, row.Host)})`);
  }
  for (const row of users) {
    const grant = onOwn.get(str(row.Host));
    const missing = PRIVILEGE_COLUMNS.filter((column) => grant === undefined || str(grant[`${column}_priv`]) !== 'Y');
    if (missing.length > 0) lacking.push(`${account(user, row.Host)} lacks ${missing.map((c) => c.toUpperCase()).join(', ')} on ${database}`);
  }
  for (const [table, what] of [['tables_priv', 'Table_name'], ['columns_priv', 'Table_name'], ['procs_priv', 'Routine_name']] as const) {
    const rows = await connection.query(`SELECT Host AS host, Db AS db, ${what} AS object FROM mysql.${table} WHERE User = ? AND Db <> ?`, [user, database]);
    for (const row of rows) beyond.push(`privileges on ${str(row.db)}.${str(row.object)} (${account(user, row.host)})`);
  }
  const others = await connection.query(
    `SELECT User AS user FROM mysql.db WHERE Db IN (?, ?) AND User <> ?
     UNION SELECT User FROM mysql.tables_priv WHERE Db = ? AND User <> ?`, [own, database, user, database, user]);
  return {
    databaseExists: schemas.length > 0,
    accounts: users.map((row) => ({ host: str(row.Host) })),
    beyond, lacking,
    otherGrantees: [...new Set(others.map((row) => str(row.user)))],
  };
}
