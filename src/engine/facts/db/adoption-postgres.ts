/**
 * What a PostgreSQL server says about a database and role a site's settings name, read by the
 * admin from the shared catalogs: the role's attributes and memberships, every object in any
 * database that it owns or holds privileges on (`pg_shdepend`), who owns the database, and who
 * else holds privileges on it (its ACL, and roles that are members of the site's role).
 */
import type { AdoptionFacts } from '../../../services/db/adoption.js';
import { checkIdentifier } from '../../../services/db/identifiers.js';
import type { DbConnection } from '../../../transport/sql/connection.js';

const ATTRIBUTES = [['rolsuper', 'SUPERUSER'], ['rolcreaterole', 'CREATEROLE'], ['rolcreatedb', 'CREATEDB'],
  ['rolreplication', 'REPLICATION'], ['rolbypassrls', 'BYPASSRLS']] as const;

/** Objects that depend on the role (owned by it, or granting it privileges), by database; dbid 0: shared objects. */
const DEPENDENTS_SQL = `SELECT d.dbid::text AS dbid, d.classid::regclass::text AS class, d.objid::text AS objid,
  (SELECT datname FROM pg_database WHERE oid = d.dbid) AS in_database,
  (SELECT datname FROM pg_database WHERE oid = d.objid AND d.classid = 'pg_database'::regclass) AS database,
  (SELECT spcname FROM pg_tablespace WHERE oid = d.objid AND d.classid = 'pg_tablespace'::regclass) AS tablespace
FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = $1::oid AND d.deptype <> 'p'`;

export async function gatherPostgresAdoption(connection: DbConnection, request: { database: string; user: string }): Promise<AdoptionFacts> {
  const database = checkIdentifier(request.database, 'database');
  const user = checkIdentifier(request.user, 'user');
  const [db] = await connection.query<{ oid: string; owner: string }>(
    'SELECT oid::text AS oid, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database]);
  const [role] = await connection.query<Record<string, unknown>>(
    `SELECT oid::text AS oid, ${ATTRIBUTES.map(([column]) => column).join(', ')} FROM pg_roles WHERE rolname = $1`, [user]);
  const beyond: string[] = [];
  const lacking: string[] = [];
  const otherGrantees = new Set<string>();
  if (db !== undefined) {
    const grantees = await connection.query<{ name: string }>(
      `SELECT DISTINCT pg_get_userbyid(a.grantee) AS name FROM pg_database d, aclexplode(d.datacl) a
       WHERE d.datname = $1 AND a.grantee <> 0`, [database]);
    for (const { name } of grantees) if (name !== user) otherGrantees.add(String(name));
    if (String(db.owner) !== user) otherGrantees.add(String(db.owner));
  }
  if (role !== undefined) {
    const attributes = ATTRIBUTES.filter(([column]) => role[column] === true).map(([, keyword]) => keyword);
    if (attributes.length > 0) beyond.push(`the attributes ${attributes.join(', ')}`);
    const memberOf = await connection.query<{ name: string }>(
      'SELECT r.rolname AS name FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE m.member = $1::oid', [String(role.oid)]);
    for (const { name } of memberOf) beyond.push(`the privileges of role ${String(name)} (it is a member)`);
    const members = await connection.query<{ name: string }>(
      'SELECT r.rolname AS name FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE m.roleid = $1::oid', [String(role.oid)]);
    for (const { name } of members) otherGrantees.add(String(name));
    for (const row of await connection.query<Record<string, unknown>>(DEPENDENTS_SQL, [String(role.oid)])) {
      const what = dependent(row, database);
      if (what !== undefined) beyond.push(what);
    }
    if (db !== undefined && String(db.owner) !== user) lacking.push(`${user} does not own ${database} (${String(db.owner)} does)`);
  }
  return { databaseExists: db !== undefined, accounts: role === undefined ? [] : [{}], beyond: [...new Set(beyond)], lacking, otherGrantees: [...otherGrantees] };
}

/** An object the role owns or holds privileges on outside its database, said plainly; undefined for its own database. */
function dependent(row: Record<string, unknown>, database: string): string | undefined {
  if (row.dbid !== '0') return row.in_database === database ? undefined : `objects in database ${String(row.in_database ?? row.dbid)}`;
  if (row.class === 'pg_database') return row.database === database ? undefined : `database ${String(row.database ?? row.objid)}`;
  if (row.class === 'pg_tablespace') return `tablespace ${String(row.tablespace ?? row.objid)}`;
  return `a shared object (${String(row.class)} ${String(row.objid)})`;
}
