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
