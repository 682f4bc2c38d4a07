/**
 * Gathers the facts of a site task: the site's credentials, what exists on its db server, the
 * addresses of the servers involved, and the platform's code on each web head. Read-only.
 */
import { AegirError, generateSecret, type Inventory } from '../../model/index.js';
import { siteCredentials, type SiteCredentials } from '../../model/site.js';
import { NO_SITE_DB_FACTS, type SiteDbFacts } from '../../services/db/index.js';
import { gatherDbFacts, openDbConnection } from '../../services/db/runtime/index.js';
import { grantHostsOf } from '../../tasks/db-endpoints.js';
import type { SiteTaskFacts } from '../../tasks/site-scope.js';
import { platformOf, serverByAlias, siteOf, webServersOf } from '../../tasks/web-target.js';
import type { TaskConnections } from './connections.js';
import { resolveHostAddresses } from './host-addresses.js';
import { probePlatformCode } from './platform-code.js';
import { newSiteCredentials } from './site-credentials.js';
import { gatherBulkDbFacts } from './verify-fleet-db-facts.js';

export interface SiteFactsOptions {
  /** install: a site without credentials gets new ones for this plan (a dry run; a real run stored them first). */
  readonly install?: boolean;
  /** Read the db server (default true); disable and enable do not touch it. */
  readonly db?: boolean;
  /** Read the platform's code on the web heads (default true). */
  readonly code?: boolean;
}

export async function gatherSiteFacts(
  connections: TaskConnections,
  inventory: Inventory,
  target: string,
  options: SiteFactsOptions = {},
): Promise<SiteTaskFacts> {
  const site = siteOf(inventory, target);
  const platform = platformOf(inventory, site.platform);
  const heads = webServersOf(inventory, platform);
  const db = serverByAlias(inventory, site.db);
  let credentials: SiteCredentials | undefined = siteCredentials(site);
  if (credentials === undefined && options.install === true) credentials = await newSiteCredentials(inventory, site);
  if (credentials === undefined) {
    throw new AegirError('site_not_installed', `${site.alias} has never been installed (it is ${site.status}): run 'aegir install ${site.alias}'`, { exitCode: 2 });
  }
  const addresses = await resolveHostAddresses([...heads, db]);
  const [dbFacts, code] = await Promise.all([
    options.db === false ? Promise.resolve(NO_SITE_DB_FACTS) : readDb(inventory, site.db, credentials, grantHostsOf(heads, db, addresses)),
    options.code === false
      ? Promise.resolve({})
      : Promise.all(heads.map(async (head) => [head.alias, await probePlatformCode(connections.transport(head.alias), platform, platform.root)] as const))
        .then((entries) => Object.fromEntries(entries)),
  ]);
  return {
    credentials, addresses, db: dbFacts, code,
    ...(options.install === true ? { adminPassword: generateSecret() } : {}),
  };
}

/**
 * The facts of several site tasks on one platform and one db server, read once for all of them:
 * the servers' addresses, the platform's code on each web head, and every site's db facts in bulk
 * (one connection, a constant number of queries on MySQL/MariaDB). Every site must have its stored
 * credentials (a real run made them first). By site alias.
 */
export async function gatherGroupSiteFacts(
  connections: TaskConnections,
  inventory: Inventory,
  targets: readonly string[],
  options: SiteFactsOptions = {},
): Promise<Map<string, SiteTaskFacts>> {
  const sites = targets.map((target) => siteOf(inventory, target));
  const first = sites[0];
  if (first === undefined) return new Map();
  const mixed = sites.find((site) => site.platform !== first.platform || site.db !== first.db);
  if (mixed !== undefined) {
    throw new AegirError('group_mixed', `${mixed.alias} is not on ${first.platform} with db ${first.db} like ${first.alias}: it runs alone`);
  }
  const platform = platformOf(inventory, first.platform);
  const heads = webServersOf(inventory, platform);
  const db = serverByAlias(inventory, first.db);
  const withCredentials = sites.map((site) => {
    const credentials = siteCredentials(site);
    if (credentials === undefined) throw new AegirError('site_not_installed', `${site.alias} has no credentials yet`);
    return { site, credentials };
  });
  const addresses = await resolveHostAddresses([...heads, db]);
  const grantHosts = grantHostsOf(heads, db, addresses);
  const readBulk = async (): Promise<Map<string, SiteDbFacts>> => {
    const connection = openDbConnection(db);
    try {
      return await gatherBulkDbFacts(connection, withCredentials.map(({ site, credentials }) => ({ alias: site.alias, credentials, grantHosts })));
    } finally {
      await connection.close();
    }
  };
  const [dbFacts, code] = await Promise.all([
    options.db === false ? Promise.resolve(new Map<string, SiteDbFacts>()) : readBulk(),
    options.code === false
      ? Promise.resolve({})
      : Promise.all(heads.map(async (head) => [head.alias, await probePlatformCode(connections.transport(head.alias), platform, platform.root)] as const))
        .then((entries) => Object.fromEntries(entries)),
  ]);
  return new Map(withCredentials.map(({ site, credentials }) => [site.alias, {
    credentials, addresses, code,
    db: dbFacts.get(site.alias) ?? NO_SITE_DB_FACTS,
    ...(options.install === true ? { adminPassword: generateSecret() } : {}),
  }]));
}

async function readDb(inventory: Inventory, alias: string, credentials: SiteCredentials, grantHosts: readonly string[]): Promise<SiteDbFacts> {
  const connection = openDbConnection(serverByAlias(inventory, alias));
  try {
    return await gatherDbFacts(connection, {
      database: credentials.dbName, user: credentials.dbUser, password: credentials.dbPassword, grantHosts,
    });
  } finally {
    await connection.close();
  }
}
