/**
 * The database side of `import`: which of Aegir's db servers a site's settings name, and the
 * proof that the database and account they name are the site's own before the site adopts them.
 * A site's settings file is written by whoever controls the site, so nothing in it is trusted:
 * the names are checked by the model's rules (not reserved, not the admin's, no other site's),
 * the credentials must really open the database from every web head, as Aegir's settings will
 * connect, and the admin must find the account holding every privilege on that database and none
 * elsewhere, with no other site's account on it (see services/db/adoption.ts). Read-only.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ReadSettings } from '../../apps/settings-read.js';
import { AegirError, isLoopbackHost, REDACTED, type Inventory, type Server, type Site } from '../../model/index.js';
import { siteCredentials } from '../../model/site.js';
import { checkAdoption, dbService } from '../../services/db/index.js';
import { gatherAdoptionFacts } from '../../engine/facts/db/facts.js';
import { openDbConnection } from '../../transport/sql/index.js';
import { dbHostFor } from '../../tasks/db-endpoints.js';
import { connect } from '../../transport/index.js';
import { resolveHostAddresses } from '../../engine/facts/addresses.js';

const DEFAULT_PORTS = { mysql: 3306, postgres: 5432 } as const;

/** The db server the settings name (driver, host as the web head reaches it, port); refuses when none or several. */
export async function dbServerOf(inventory: Inventory, head: Server, uri: string, settings: ReadSettings): Promise<Server> {
  const { driver, host, port } = settings;
  if (driver !== undefined && driver !== 'mysql' && driver !== 'postgres') {
    throw new AegirError('import_unknown_db', `the database driver ${driver} of ${uri} is neither mysql nor postgres`, { exitCode: 2 });
  }
  const dbs = inventory.servers.filter((s) => s.services.db.impl !== 'null' && (driver === undefined || s.services.db.impl === driver));
  const atHost = await serversAt(dbs, head, host);
  if (atHost.length === 0) {
    throw new AegirError('import_unknown_db', `the database host ${host} of ${uri} is none of Aegir's db servers (add it with 'aegir server add' first)`, { exitCode: 2 });
  }
  const matching = atHost.filter((s) => port === undefined || portOf(s) === port);
  if (matching.length === 0) {
    throw new AegirError('import_unknown_db', `the database port ${port ?? ''} of ${uri} is not the port of ${atHost.map((s) => `${s.alias} (${portOf(s)})`).join(', ')}`, { exitCode: 2 });
  }
  const [only, second] = matching;
  if (only === undefined || second !== undefined) {
    throw new AegirError('import_ambiguous_db', `the database host ${host} of ${uri} is ${matching.map((s) => s.alias).join(' and ')}: its settings name no driver or port that tells them apart`, { exitCode: 2 });
  }
  return only;
}

/**
 * Refuses (exit 2) unless the site's credentials open its database from every web head and the
 * db server's admin finds the database and account to be the site's own.
 */
export async function proveDbOwnership(inventory: Inventory, home: string, site: Site, heads: readonly Server[], db: Server): Promise<void> {
  const credentials = siteCredentials(site);
  if (credentials === undefined) throw new AegirError('import_unreadable', `${site.uri} has no database credentials`, { exitCode: 2 });
  const { dbName: database, dbUser: user, dbPassword: password } = credentials;
  const addresses = await resolveHostAddresses([...heads, db]);
  for (const head of heads) {
    const [check] = dbService(db.services.db.impl).siteLoginCheck({
      server: db, from: head.alias, database, user, password, dbHost: dbHostFor(head, db, addresses),
    });
    if (check?.kind !== 'exec') continue;
    const transport = connect(head, { home });
    try {
      const result = await transport.exec({ argv: check.argv, ...(check.stdin === undefined ? {} : { stdin: check.stdin }), sensitive: true, timeoutMs: check.timeoutMs });
      if (result.exitCode !== 0) {
        const reason = result.stderr.trim().split(password.reveal()).join(REDACTED).slice(-400) || `exit ${result.exitCode}`;
        throw new AegirError('import_login_failed',
          `the settings of ${site.uri} do not open database ${database} as ${user} from ${head.alias} (${check.description}): ${reason}`, { exitCode: 2 });
      }
    } finally {
      await transport.close();
    }
  }
  const claimed = new Map<string, string>();
  for (const other of inventory.sites) {
    if (other.alias === site.alias || other.db !== db.alias) continue;
    for (const name of [other.dbName, other.dbUser]) if (name !== undefined) claimed.set(name, other.uri);
  }
  const connection = openDbConnection(db);
  try {
    const facts = await gatherAdoptionFacts(connection, { database, user });
    checkAdoption(facts, { server: db.alias, uri: site.uri, database, user, claimed });
  } finally {
    await connection.close();
  }
}

function portOf(server: Server): number {
  const db = server.services.db;
  return db.impl === 'null' ? 0 : db.settings.port ?? DEFAULT_PORTS[db.impl];
}

async function serversAt(dbs: readonly Server[], head: Server, host: string): Promise<Server[]> {
  const exact = dbs.filter((s) => s.host === host);
  if (exact.length > 0) return exact;
  const addresses = await resolveHostAddresses([head, ...dbs]);
  const wanted = isLoopbackHost(host) ? (addresses[head.alias] ?? [head.host]) : await resolve(host);
  return dbs.filter((s) => (addresses[s.alias] ?? []).some((a) => wanted.includes(a)) || (isLoopbackHost(host) && s.host === head.host));
}

async function resolve(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  try {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}
