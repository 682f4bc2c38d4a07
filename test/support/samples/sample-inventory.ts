/**
 * A sample inventory for the planners' unit tests: a cluster `@web` of two nginx web heads, a
 * MariaDB server, a generic PHP platform on the cluster and one site; with facts that say the
 * platform's code is in place and nothing of the site exists on the db server yet.
 */
import { parseCluster, parsePlatform, parseServer, parseSite, Secret, type Inventory, type Server, type Site } from '../../../src/model/index.js';
import { NO_SITE_DB_FACTS, type SiteDbFacts } from '../../../src/services/db/index.js';
import type { PlatformCodeFacts } from '../../../src/facts/platform-code.js';
import type { SiteTaskFacts } from '../../../src/tasks/site-scope.js';

export const SAMPLE_PASSWORD = 'sample-db-password-0123456789abcdef';
export const SAMPLE_SALT = 'sample-hash-salt-0123456789abcdefghijklmnop';

export function sampleWebServer(alias: string, host: string, files: 'rsync' | 'local' = 'rsync'): Server {
  return parseServer({ alias, host, services: { http: { impl: 'nginx' }, db: { impl: 'null' }, files: { impl: files } } });
}

export function sampleDbServer(alias = '@db1', host = '10.0.0.20', impl: 'mysql' | 'postgres' = 'mysql'): Server {
  return parseServer({ alias, host, services: { http: { impl: 'null' }, db: { impl }, files: { impl: 'rsync' } } });
}

export interface SampleOptions {
  readonly status?: Site['status'];
  readonly app?: 'php' | 'drupal' | 'mediawiki' | 'wordpress';
  readonly source?: string;
  readonly servers?: readonly Server[];
  readonly members?: readonly string[];
  readonly db?: string;
  readonly sites?: readonly { uri: string; aliases?: string[]; status?: Site['status'] }[];
}

export function sampleInventory(options: SampleOptions = {}): Inventory {
  const servers = options.servers ?? [sampleWebServer('@web1', '10.0.0.11'), sampleWebServer('@web2', '10.0.0.12'), sampleDbServer()];
  const db = options.db ?? '@db1';
  const sites = (options.sites ?? [{ uri: 'www.example.com', aliases: ['example.com'], status: options.status ?? 'new' }]).map((s) => {
    const site = parseSite({ uri: s.uri, platform: '@app', db, aliases: s.aliases ?? [], status: s.status ?? 'enabled' });
    return { ...site, dbName: s.uri.replace(/\W/g, '_').slice(0, 16), dbUser: s.uri.replace(/\W/g, '_').slice(0, 16), dbPassword: new Secret(SAMPLE_PASSWORD), hashSalt: new Secret(SAMPLE_SALT) };
  });
  return {
    servers,
    clusters: [parseCluster({ alias: '@web', servers: options.members ?? ['@web1', '@web2'] })],
    platforms: [parsePlatform({ alias: '@app', root: '/var/www/app', app: options.app ?? 'php', web: '@web', ...(options.source === undefined ? {} : { source: options.source }) })],
    sites,
    clients: [],
  };
}

export function sampleCode(overrides: Partial<PlatformCodeFacts> = {}): PlatformCodeFacts {
  return { isApp: true, siteDirs: [], installScript: true, ...overrides };
}

/** Facts of the first site of the inventory: code in place on every member, db as given (default: nothing yet). */
export function sampleFacts(inventory: Inventory, db: SiteDbFacts = NO_SITE_DB_FACTS, code: PlatformCodeFacts = sampleCode()): SiteTaskFacts {
  const site = inventory.sites[0];
  if (site?.dbName === undefined || site.dbUser === undefined || site.dbPassword === undefined || site.hashSalt === undefined) {
    throw new Error('the sample site has no credentials');
  }
  return {
    credentials: { dbName: site.dbName, dbUser: site.dbUser, dbPassword: site.dbPassword, hashSalt: site.hashSalt },
    db,
    addresses: Object.fromEntries(inventory.servers.map((s) => [s.alias, [s.host]])),
    code: Object.fromEntries(inventory.servers.map((s) => [s.alias, code])),
    adminPassword: new Secret('sample-admin-password-0123456789'),
  };
}

/** Db facts of a site whose database, accounts (one per host) and grants are all as wanted. */
export function convergedDb(hosts: readonly string[]): SiteDbFacts {
  return { databaseExists: true, accounts: hosts.map((host) => ({ host, passwordWorks: true, privileged: true })) };
}
