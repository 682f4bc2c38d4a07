/**
 * What exists for a site on a PostgreSQL server. Whether the role logs in with the wanted
 * password is read from its stored verifier when the admin may see it (a superuser), else tried
 * for real: a login from the hub over TCP with the site's credentials (the hub must be allowed by
 * pg_hba.conf; when it is not, the password is simply set again).
 */
import { Secret } from '../../../model/secrets.js';
import type { SiteDbFacts } from '../../../services/db/types.js';
import { checkIdentifier } from '../../../services/db/identifiers.js';
import type { DbConnection } from '../../../transport/sql/connection.js';
import type { FactsRequest } from './facts.js';
import { passwordMatchesVerifier } from './postgres-verifier.js';

const DATABASE_SQL = `SELECT pg_get_userbyid(d.datdba) AS owner,
  EXISTS (SELECT 1 FROM aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a WHERE a.grantee = 0) AS public_access
FROM pg_database d WHERE d.datname = $1`;

/** Errors raised after the password was accepted: no CONNECT privilege, no such database. */
const AUTHENTICATED_CODES = new Set(['42501', '3D000']);

export async function gatherPostgresFacts(connection: DbConnection, request: FactsRequest): Promise<SiteDbFacts> {
  const database = checkIdentifier(request.database, 'database');
  const user = checkIdentifier(request.user, 'user');
  const [db] = await connection.query<{ owner: string; public_access: boolean }>(DATABASE_SQL, [database]);
  const [role] = await connection.query<{ canlogin: boolean }>('SELECT rolcanlogin AS canlogin FROM pg_roles WHERE rolname = $1', [user]);
  const base = {
    databaseExists: db !== undefined,
    ...(db === undefined ? {} : { databaseOwner: String(db.owner), publicAccess: db.public_access === true }),
  };
  if (role === undefined) return { ...base, accounts: [] };
  const hash = await storedPassword(connection, user);
  const password = request.password.reveal();
  const matches = hash === undefined ? undefined : await passwordMatchesVerifier(hash.reveal(), user, password);
  const passwordWorks = role.canlogin === true
    && (matches ?? (await canLogIn(connection, { user, password, database: db === undefined ? 'postgres' : database })));
  return {
    ...base,
    accounts: [{ passwordWorks, privileged: db !== undefined && db.owner === user, ...(hash === undefined ? {} : { passwordHash: hash }) }],
  };
}

/** The role's SCRAM/md5 verifier; pg_authid is readable by superusers only, so others get none. */
async function storedPassword(connection: DbConnection, user: string): Promise<Secret | undefined> {
  try {
    const [row] = await connection.query<{ hash: unknown }>('SELECT rolpassword AS hash FROM pg_authid WHERE rolname = $1', [user]);
    return typeof row?.hash === 'string' && row.hash !== '' ? new Secret(row.hash) : undefined;
  } catch {
    return undefined;
  }
}

async function canLogIn(connection: DbConnection, login: { user: string; password: string; database: string }): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ ...connection.endpoint, ...login, connectionTimeoutMillis: 10_000, application_name: 'aegir-check' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && AUTHENTICATED_CODES.has(code);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function listPostgresNames(connection: DbConnection): Promise<{ databases: string[]; users: string[] }> {
  const databases = await connection.query<{ name: string }>('SELECT datname AS name FROM pg_database');
  const users = await connection.query<{ name: string }>('SELECT rolname AS name FROM pg_roles');
  return { databases: databases.map((row) => String(row.name)), users: users.map((row) => String(row.name)) };
}
