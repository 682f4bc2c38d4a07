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
  return newCredentialsAvoiding(inventory, site, await takenOnServer(inventory, site.db));
}

/** The names on db server `alias` (databases and users) and those its sites hold. */
async function takenOnServer(inventory: Inventory, alias: string): Promise<Set<string>> {
  const db = inventory.servers.find((s) => s.alias === alias);
  if (db === undefined) throw new NotFoundError('server', alias);
  const taken = await takenNames(db);
  for (const other of inventory.sites) {
    if (other.db !== alias) continue;
    if (other.dbName !== undefined) taken.add(other.dbName);
    if (other.dbUser !== undefined) taken.add(other.dbUser);
  }
  return taken;
}

function newCredentialsAvoiding(inventory: Inventory, site: Site, taken: ReadonlySet<string>): SiteCredentials {
  const db = inventory.servers.find((s) => s.alias === site.db);
  if (db === undefined) throw new NotFoundError('server', site.db);
  const names = dbService(db.services.db.impl).siteDbNames(site.uri, taken);
  return { dbName: names.database, dbUser: names.user, dbPassword: generateSecret(PASSWORD_BYTES), hashSalt: generateSecret(SALT_BYTES) };
}

/** Makes and stores the credentials of a site that has none yet; a site that has them keeps them. */
export async function ensureSiteCredentials(store: Store, alias: string): Promise<SiteCredentials> {
  const made = (await ensureSitesCredentials(store, [alias])).get(alias);
  if (made === undefined) throw new NotFoundError('site', alias);
  return made;
}

/**
 * `ensureSiteCredentials` for several sites at once: the names taken on each db server are read
 * once, each new name is taken before the next site's is chosen, and all are stored in one
 * transaction. By site alias.
 */
export async function ensureSitesCredentials(store: Store, aliases: readonly string[]): Promise<Map<string, SiteCredentials>> {
  const inventory = await store.loadInventory();
  const result = new Map<string, SiteCredentials>();
  const missing: Site[] = [];
  for (const alias of aliases) {
    const site = inventory.sites.find((s) => s.alias === alias);
    if (site === undefined) throw new NotFoundError('site', alias);
    const existing = siteCredentials(site);
    if (existing !== undefined) result.set(alias, existing);
    else missing.push(site);
  }
  if (missing.length === 0) return result;
  const takenBy = new Map<string, Set<string>>();
  const made = new Map<string, SiteCredentials>();
  for (const site of missing) {
    let taken = takenBy.get(site.db);
    if (taken === undefined) {
      taken = await takenOnServer(inventory, site.db);
      takenBy.set(site.db, taken);
    }
    const credentials = newCredentialsAvoiding(inventory, site, taken);
    taken.add(credentials.dbName);
    taken.add(credentials.dbUser);
    made.set(site.alias, credentials);
  }
  return await store.transaction(async (tx) => {
    for (const [alias, credentials] of made) {
      const current = await tx.sites.get(alias);
      if (current === undefined) throw new NotFoundError('site', alias);
      const raced = siteCredentials(current);
      if (raced !== undefined) {
        result.set(alias, raced);
        continue;
      }
      await tx.sites.update({ ...current, ...credentials });
      result.set(alias, credentials);
    }
    return result;
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
