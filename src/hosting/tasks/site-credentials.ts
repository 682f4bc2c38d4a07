/**
 * A site's database names and secrets, made by the hub before the site's first install: names
 * derived from the uri that no database or user on the db server (and no other site of that
 * server) has, a password and a hash salt from the CSPRNG. Stored (secrets encrypted) before
 * anything is planned, so every later task uses the same ones. For several sites at once (a group
 * of installs) the names taken on each db server are read once, each new name taken before the
 * next site's is chosen, and all are stored in one transaction.
 */
import { ask } from '../../facts/index.js';
import { generateSecret, NotFoundError, type Site } from '../../model/index.js';
import { siteCredentials, type SiteCredentials } from '../../model/site.js';
import { newDbNames, SITE_PASSWORD_BYTES, SITE_SALT_BYTES } from '../../tasks/site-facts.js';
import type { PrepareContext } from './definition.js';

/** Makes and stores the credentials of the sites that have none yet; a site that has them keeps them. By alias. */
export async function ensureSitesCredentials(ctx: PrepareContext, aliases: readonly string[]): Promise<Map<string, SiteCredentials>> {
  const inventory = await ctx.store.loadInventory();
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
  const servers = [...new Set(missing.map((site) => site.db))];
  const taken = new Map(await Promise.all(servers.map(async (server) =>
    [server, new Set(await ctx.facts(ask({ taken: { kind: 'db-names', server } }, (answers) => answers.taken)))] as const)));
  const made = new Map<string, SiteCredentials>();
  for (const site of missing) {
    const names = taken.get(site.db) ?? new Set<string>();
    const credentials: SiteCredentials = {
      ...newDbNames(inventory, site, names), dbPassword: generateSecret(SITE_PASSWORD_BYTES), hashSalt: generateSecret(SITE_SALT_BYTES),
    };
    names.add(credentials.dbName).add(credentials.dbUser);
    made.set(site.alias, credentials);
  }
  return await ctx.store.transaction(async (tx) => {
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
