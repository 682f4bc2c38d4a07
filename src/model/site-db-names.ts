/**
 * A site's database and account belong to that site alone, however its record was made
 * (installed, imported, cloned, migrated, restored): on one db server no two sites share a name,
 * whether as database or as account; no site's name is a system name, a name Aegir keeps, or the
 * server's admin account. Deleting a site drops its database and account, and a verify sets
 * the account's password: a shared or system name would hand another's data to the site.
 */
import { reservedDbName } from './db-names.js';
import { ConflictError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import type { Server } from './server.js';
import type { Site } from './site.js';

type NameField = 'dbName' | 'dbUser';

const WHAT: Readonly<Record<NameField, string>> = { dbName: 'database', dbUser: 'account' };

/** The database and account names a site holds (none before its credentials are made). */
function namesOf(site: Site): { field: NameField; name: string }[] {
  const names: { field: NameField; name: string }[] = [];
  if (site.dbName !== undefined) names.push({ field: 'dbName', name: site.dbName });
  if (site.dbUser !== undefined) names.push({ field: 'dbUser', name: site.dbUser });
  return names;
}

/** The admin account of a db server, as its settings name it. */
export function dbAdminUser(server: Server): string | undefined {
  return server.services.db.impl === 'null' ? undefined : server.services.db.settings.user;
}

/** Refuses a site whose database or account name is reserved, the admin's, or another site's on the same db server. */
export function checkSiteDbNames(inv: Inventory, site: Site): void {
  const names = namesOf(site);
  if (names.length === 0) return;
  const db = inv.servers.find((s) => s.alias === site.db);
  const admin = db === undefined ? undefined : dbAdminUser(db);
  for (const { field, name } of names) {
    const reserved = reservedDbName(name);
    if (reserved !== undefined) throw new ValidationError(field, name, `${reserved}: it is never a site's ${WHAT[field]}`);
    if (name === admin) {
      throw new ValidationError(field, name, `is the admin account of ${site.db}: it is never a site's ${WHAT[field]}`);
    }
  }
  for (const other of inv.sites) {
    if (other.alias === site.alias || other.db !== site.db) continue;
    const theirs = namesOf(other);
    for (const { field, name } of names) {
      const held = theirs.filter((entry) => entry.name === name).map((entry) => WHAT[entry.field]);
      if (held.length === 0) continue;
      throw new ConflictError(
        `${field}: ${JSON.stringify(name)} is already the ${held.join(' and ')} of site ${other.uri} on ${site.db}; a site's database and account belong to it alone`,
      );
    }
  }
}

/** Refuses an admin account that is the database or account name of a site on the server. */
export function checkAdminNotSiteName(inv: Inventory, server: Server): void {
  const admin = dbAdminUser(server);
  if (admin === undefined) return;
  const site = inv.sites.find((s) => s.db === server.alias && (s.dbName === admin || s.dbUser === admin));
  if (site !== undefined) {
    throw new ConflictError(`db.user: ${JSON.stringify(admin)} is the database or account of site ${site.uri} on ${server.alias}; the admin account must be another`);
  }
}
