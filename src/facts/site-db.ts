/** What exists for a site on its db server: its database, its accounts and their grants. */
import type { Secret } from '../model/secrets.js';

/** One existing account of the site user (MySQL: one per host; PostgreSQL: the one role). */
export interface DbAccountFacts {
  /** MySQL: the host part of `'user'@'host'`; absent for PostgreSQL (a role has no host). */
  readonly host?: string;
  /** The account logs in with the wanted password (MySQL: its hash matches; PostgreSQL: a real login). */
  readonly passwordWorks: boolean;
  /** The account has every privilege on the site database (PostgreSQL: owns it). */
  readonly privileged: boolean;
  /**
   * The stored hash of the account's current password (MySQL `mysql_native_password` hash,
   * PostgreSQL SCRAM or md5 verifier), when the admin may read it: a password change is undone
   * by putting it back, so a rolled-back task leaves the old password working.
   */
  readonly passwordHash?: Secret;
}

/** What exists on the db server for one site now. */
export interface SiteDbFacts {
  readonly databaseExists: boolean;
  /** The existing accounts of the site user; empty when there are none. */
  readonly accounts: readonly DbAccountFacts[];
  /** PostgreSQL: the role that owns the database, when it exists. */
  readonly databaseOwner?: string;
  /** PostgreSQL: PUBLIC still has some privilege (CONNECT, TEMP) on the database. */
  readonly publicAccess?: boolean;
}

/** Facts for a site with nothing on the server yet. */
export const NO_SITE_DB_FACTS: SiteDbFacts = Object.freeze({ databaseExists: false, accounts: Object.freeze([]) });
