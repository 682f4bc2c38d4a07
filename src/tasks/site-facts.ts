/**
 * The facts a site task asks for, as data: the addresses of its web heads and db server, its
 * database and accounts on the db server, and the platform's code on each web head. A site that
 * has no credentials yet (the dry run of a first install; a real run stored them first) gets new
 * ones for the plan: free names from the names taken on its db server, fresh secrets. Pure.
 */
import { ask, type FactStep } from '../facts/index.js';
import { AegirError, type Inventory, type Site } from '../model/index.js';
import { siteCredentials, type SiteCredentials } from '../model/site.js';
import { dbService, NO_SITE_DB_FACTS } from '../services/db/index.js';
import { grantHostsOf } from './db-endpoints.js';
import type { SiteTaskFacts } from './site-scope.js';
import { platformOf, serverByAlias, siteOf, webServersOf } from '../model/navigation.js';

export interface SiteFactsOptions {
  /** install: a site without credentials gets new ones for this plan; the first admin password is made. */
  readonly install?: boolean;
  /** Read the db server (default true); disable and enable do not touch it. */
  readonly db?: boolean;
  /** Read the platform's code on the web heads (default true). */
  readonly code?: boolean;
}

/** 24 random bytes: a 32-character password. 48: a 64-character salt. */
export const SITE_PASSWORD_BYTES = 24;
export const SITE_SALT_BYTES = 48;

export function siteFactStep(inventory: Inventory, target: string, options: SiteFactsOptions = {}): FactStep<SiteTaskFacts> {
  const site = siteOf(inventory, target);
  const stored = siteCredentials(site);
  if (stored !== undefined) return withCredentials(inventory, site, stored, options);
  if (options.install !== true) {
    throw new AegirError('site_not_installed', `${site.alias} has never been installed (it is ${site.status}): run 'aegir install ${site.alias}'`, { exitCode: 2 });
  }
  return ask({
    taken: { kind: 'db-names', server: site.db },
    password: { kind: 'secret', bytes: SITE_PASSWORD_BYTES },
    salt: { kind: 'secret', bytes: SITE_SALT_BYTES },
  }, (answers) => withCredentials(inventory, site, {
    ...newDbNames(inventory, site, answers.taken), dbPassword: answers.password, hashSalt: answers.salt,
  }, options));
}

/** Free database and account names for the site on its db server: none a database, account or other site of it has. */
export function newDbNames(inventory: Inventory, site: Pick<Site, 'alias' | 'uri' | 'db'>, taken: ReadonlySet<string>): Pick<SiteCredentials, 'dbName' | 'dbUser'> {
  const all = new Set(taken);
  for (const other of inventory.sites) {
    const credentials = other.alias === site.alias ? undefined : siteCredentials(other);
    if (credentials !== undefined && other.db === site.db) all.add(credentials.dbName).add(credentials.dbUser);
  }
  const names = dbService(serverByAlias(inventory, site.db).services.db.impl).siteDbNames(site.uri, all);
  return { dbName: names.database, dbUser: names.user };
}

function withCredentials(inventory: Inventory, site: Site, credentials: SiteCredentials, options: SiteFactsOptions): FactStep<SiteTaskFacts> {
  const platform = platformOf(inventory, site.platform);
  const heads = webServersOf(inventory, platform);
  const db = serverByAlias(inventory, site.db);
  return ask({
    addresses: { kind: 'addresses', servers: [...heads, db].map((server) => server.alias) },
    code: { kind: 'platform-code', servers: options.code === false ? [] : heads.map((head) => head.alias), app: platform.app, root: platform.root },
    admin: { kind: 'secret', bytes: SITE_PASSWORD_BYTES },
  }, (first): SiteTaskFacts | FactStep<SiteTaskFacts> => {
    const base = { credentials, addresses: first.addresses, code: first.code, ...(options.install === true ? { adminPassword: first.admin } : {}) };
    if (options.db === false) return { ...base, db: NO_SITE_DB_FACTS };
    return ask({
      db: {
        kind: 'site-db', server: db.alias,
        sites: [{ key: site.alias, database: credentials.dbName, user: credentials.dbUser, password: credentials.dbPassword, grantHosts: grantHostsOf(heads, db, first.addresses) }],
      },
    }, (second) => ({ ...base, db: second.db.get(site.alias) ?? NO_SITE_DB_FACTS }));
  });
}
