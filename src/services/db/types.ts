/**
 * What the db services take and give. A db service turns "this site needs a database, an
 * account and grants" into `sql` actions for its server, from facts gathered beforehand
 * (what exists now). Pure: no I/O, no clock, no randomness; the password comes in.
 */
import type { Action } from '../../plan/action.js';
import type { Secret } from '../../model/secrets.js';
import type { Server } from '../../model/server.js';
import type { SiteDbNames } from './names.js';

/** The dotted id of a db implementation (they are in the services registry). */
export type DbServiceId = `db.${string}`;

export type { DbAccountFacts, SiteDbFacts } from '../../facts/site-db.js';
export { NO_SITE_DB_FACTS } from '../../facts/site-db.js';
import type { SiteDbFacts } from '../../facts/site-db.js';

interface PlanRequest {
  /** The db server; actions run on `server.alias`. */
  readonly server: Server;
  /** Ids of actions the first action waits for. */
  readonly after?: readonly string[];
  /** Prefix of the action ids; default `db:<alias>:<database>`. */
  readonly idPrefix?: string;
}

export interface EnsureSiteDatabaseRequest extends PlanRequest {
  readonly database: string;
  readonly user: string;
  readonly password: Secret;
  /**
   * Where the site connects from, as the db server sees it: every web head's address.
   * MySQL creates `'user'@'host'` for each; PostgreSQL leaves host rules to pg_hba.conf.
   */
  readonly grantHosts: readonly string[];
  readonly facts: SiteDbFacts;
}

export interface DropSiteDatabaseRequest extends PlanRequest {
  readonly database: string;
  readonly user: string;
  /** MySQL: the hosts of the accounts to drop (the grant hosts and any found by facts). */
  readonly grantHosts: readonly string[];
}

export interface VerifyServerRequest extends PlanRequest {
  /** Makes the test database name unique: `aegir_verify_<nonce>` (lowercase letters, digits). */
  readonly nonce: string;
}

export interface SiteLoginCheckRequest {
  /** The db server the site uses. */
  readonly server: Server;
  /** The web head (server alias) the check runs on. */
  readonly from: string;
  readonly database: string;
  readonly user: string;
  readonly password: Secret;
  /** The db server address as the web head reaches it; default `server.host`. */
  readonly dbHost?: string;
  readonly id?: string;
  readonly after?: readonly string[];
}

/**
 * One db implementation. Every method is pure and returns plan actions (none when there is
 * nothing to do). `db.null` hosts no databases: it plans nothing and refuses site databases.
 */
export interface DbService<I extends DbServiceId = DbServiceId> {
  readonly id: I;
  /** The readable, collision-free names of a site's database and user. */
  siteDbNames(uri: string, taken: ReadonlySet<string>): SiteDbNames;
  /** Create what is missing (database, accounts, grants) and fix passwords; nothing when all is as wanted. */
  ensureSiteDatabase(request: EnsureSiteDatabaseRequest): Action[];
  /** Drop the database and the site's accounts (`IF EXISTS`). */
  dropSiteDatabase(request: DropSiteDatabaseRequest): Action[];
  /** Admin connect, create and drop a test database. */
  verifyServer(request: VerifyServerRequest): Action[];
  /** An `exec` on a web head that proves the site account connects from there (exit 0). */
  siteLoginCheck(request: SiteLoginCheckRequest): Action[];
}
