/** Facts about db servers, gathered over an admin connection, for the pure planners. */
import type { Secret } from '../../../model/secrets.js';
import type { AdoptionFacts } from '../../../services/db/adoption.js';
import type { SiteDbFacts } from '../../../services/db/types.js';
import { gatherMysqlAdoption } from './adoption-mysql.js';
import { gatherPostgresAdoption } from './adoption-postgres.js';
import type { DbConnection } from '../../../transport/sql/connection.js';
import { listMysqlNames, readMysqlSites } from './facts-mysql.js';
import { gatherPostgresFacts, listPostgresNames } from './facts-postgres.js';

export interface FactsRequest {
  readonly database: string;
  readonly user: string;
  /** The password the site should log in with: the facts say whether it already does. */
  readonly password: Secret;
  /** The web head addresses (MySQL accounts are per host; every account found is reported). */
  readonly grantHosts: readonly string[];
}

/** Does the database exist, which accounts of the user exist, do their grants and password fit. */
export function gatherDbFacts(connection: DbConnection, request: FactsRequest): Promise<SiteDbFacts> {
  if (connection.dialect !== 'mysql') return gatherPostgresFacts(connection, request);
  // One reader for one site or many (see readMysqlSites).
  return readMysqlSites(connection, [{ key: '', ...request }]).then((facts) => facts.get('') ?? { databaseExists: false, accounts: [] });
}

function listNames(connection: DbConnection): Promise<{ databases: string[]; users: string[]; granted?: string[] }> {
  return connection.dialect === 'mysql' ? listMysqlNames(connection) : listPostgresNames(connection);
}

/** The names of every database on the server. */
export async function listDatabases(connection: DbConnection): Promise<Set<string>> {
  return new Set((await listNames(connection)).databases);
}

/**
 * Names a new site cannot take: every database and every user (a site's user has its database's
 * name), and on MySQL every database name an account holds grants on (they outlive the database).
 */
export async function takenDbNames(connection: DbConnection): Promise<Set<string>> {
  const { databases, users, granted = [] } = await listNames(connection);
  return new Set([...databases, ...users, ...granted]);
}

/** What the server says about a database and account a site would adopt (import), read by the admin. */
export function gatherAdoptionFacts(connection: DbConnection, request: { database: string; user: string }): Promise<AdoptionFacts> {
  return connection.dialect === 'mysql' ? gatherMysqlAdoption(connection, request) : gatherPostgresAdoption(connection, request);
}
