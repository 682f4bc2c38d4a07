/**
 * A site's database names and secrets, made by the hub before the site's first install: names
 * derived from the uri that no database or user on the db server (and no other site of that
 * server) has, a password and a hash salt from the CSPRNG. Stored (secrets encrypted) before
 * anything is planned, so every later task uses the same ones.
 */
import { AegirError, generateSecret, NotFoundError, type Inventory, type Server, type Site } from '../../model/index.js';
import { siteCredentials, type SiteCredentials } from '../../model/site.js';
import { dbService } from '../../services/db/index.js';
import { openDbConnection, takenDbNames } from '../../services/db/runtime/index.js';
import type { Store } from '../../store/index.js';

/** 24 random bytes: a 32-character password. */
const PASSWORD_BYTES = 24;
/** 48 random bytes: a 64-character salt. */
const SALT_BYTES = 48;

/** New credentials for a site: free names on its db server and fresh secrets. */
export async function newSiteCredentials(inventory: Inventory, site: Site): Promise<SiteCredentials> {
  const db = inventory.servers.find((s) => s.alias === site.db);
  if (db === undefined) throw new NotFoundError('server', site.db);
  const taken = await takenNames(db);
  for (const other of inventory.sites) {
    if (other.db !== site.db || other.alias === site.alias) continue;
    if (other.dbName !== undefined) taken.add(other.dbName);
    if (other.dbUser !== undefined) taken.add(other.dbUser);
  }
  const names = dbService(db.services.db.impl).siteDbNames(site.uri, taken);
  return { dbName: names.database, dbUser: names.user, dbPassword: generateSecret(PASSWORD_BYTES), hashSalt: generateSecret(SALT_BYTES) };
}

/** Makes and stores the credentials of a site that has none yet; a site that has them keeps them. */
export async function ensureSiteCredentials(store: Store, alias: string): Promise<SiteCredentials> {
  const inventory = await store.loadInventory();
  const site = inventory.sites.find((s) => s.alias === alias);
  if (site === undefined) throw new NotFoundError('site', alias);
  const existing = siteCredentials(site);
  if (existing !== undefined) return existing;
  const made = await newSiteCredentials(inventory, site);
  return await store.transaction(async (tx) => {
    const current = await tx.sites.get(alias);
    if (current === undefined) throw new NotFoundError('site', alias);
    const raced = siteCredentials(current);
    if (raced !== undefined) return raced;
    await tx.sites.update({ ...current, ...made });
    return made;
  });
}

async function takenNames(db: Server): Promise<Set<string>> {
  if (db.services.db.impl === 'null') throw new AegirError('db_none', `${db.alias} has no database service (db=null)`, { exitCode: 2 });
  const connection = openDbConnection(db);
  try {
    return await takenDbNames(connection);
  } finally {
    await connection.close();
  }
}
