/**
 * `import @platform uri`: adopts a site installed on a platform's disk without Aegir. Its
 * settings are read with PHP on the platform's first web head (the path in the environment, the
 * output sensitive), its db server is found among Aegir's servers by the host the settings name,
 * and the site is recorded enabled with those credentials (secrets encrypted by the store). The
 * caller then verifies it, which writes Aegir's settings and vhosts for it.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { parseReadSettings, readableSettingsFile, settingsReaderScript, type ReadSettings } from '../../apps/settings-read.js';
import { AegirError, ConflictError, generateSecret, parseAlias, parseUri, Secret, type Inventory, type Server, type Site } from '../../model/index.js';
import { parseSite } from '../../model/site.js';
import { checkAliasFree, checkSite } from '../../model/rules.js';
import type { Store } from '../../store/index.js';
import { unknownSites } from '../../tasks/verify-platform.js';
import { platformOf, webServersOf } from '../../tasks/web-target.js';
import { webGroupOf } from '../../tasks/site-actions.js';
import { connect } from '../../transport/index.js';
import { checkActor, type Actor } from '../actor.js';
import { resolveHostAddresses } from '../../engine/facts/addresses.js';
import { probePlatformCode } from '../../engine/facts/platform-code.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** Reads the site's settings on disk and records it (status enabled). Returns the new site. */
export async function importSite(store: Store, actor: Actor, home: string, request: { readonly platform: string; readonly uri: string }): Promise<Site> {
  checkActor(actor);
  const uri = parseUri('uri', request.uri.replace(/^@/, ''));
  const inventory = await store.loadInventory();
  const platform = platformOf(inventory, parseAlias('platform', request.platform));
  if (inventory.sites.some((s) => s.uri === uri)) throw new ConflictError(`@${uri} is already a site of Aegir`);
  const file = readableSettingsFile(platform.app);
  const script = settingsReaderScript(platform.app);
  if (file === undefined || script === undefined) {
    throw new AegirError('import_unsupported', `sites of ${platform.app} platforms cannot be imported (their settings cannot be read)`, { exitCode: 2 });
  }
  const head = webServersOf(inventory, platform)[0];
  if (head === undefined) throw new AegirError('import_no_head', `${platform.alias} has no web head`, { exitCode: 2 });
  const path = `${platform.root}/sites/${uri}/${file}`;
  const settings = await readSettings(head, home, { path, root: platform.root, script });
  if (settings === undefined) {
    throw new AegirError('import_unreadable', `cannot read the database settings of ${uri} from ${path} on ${head.alias}`, { exitCode: 2 });
  }
  const db = await dbServerOf(inventory, head, settings.host);
  if (db === undefined) {
    throw new AegirError('import_unknown_db', `the database host ${settings.host} of ${uri} is none of Aegir's db servers (add it with 'aegir server add' first)`, { exitCode: 2 });
  }
  const site = parseSite({
    uri, platform: platform.alias, db: db.alias, status: 'enabled',
    dbName: settings.name, dbUser: settings.user, dbPassword: new Secret(settings.password),
    hashSalt: settings.salt === undefined ? generateSecret(48) : new Secret(settings.salt),
  });
  return await store.transaction(async (tx) => {
    const current = await tx.loadInventory();
    checkAliasFree(current, site.alias);
    checkSite(current, site);
    await tx.sites.insert(site);
    return site;
  });
}

/** The sites on the platform's web heads that Aegir does not know (what a verify of the platform lists). */
export async function sitesToImport(store: Store, actor: Actor, home: string, alias: string): Promise<string[]> {
  checkActor(actor);
  const inventory = await store.loadInventory();
  const platform = platformOf(inventory, parseAlias('platform', alias));
  const heads = webServersOf(inventory, platform);
  const found = await Promise.all(heads.map(async (head) => {
    const transport = connect(head, { home });
    try {
      return await probePlatformCode(transport, platform, platform.root);
    } finally {
      await transport.close();
    }
  }));
  return unknownSites(inventory, platform.alias, { heads: Object.fromEntries(heads.map((head, i) => [head.alias, found[i] ?? { isApp: false, siteDirs: [] }])) });
}

async function readSettings(head: Server, home: string, read: { path: string; root: string; script: string }): Promise<ReadSettings | undefined> {
  const transport = connect(head, { home });
  try {
    const result = await transport.exec({
      argv: ['php', '-r', read.script],
      env: { AEGIR_SETTINGS: read.path, AEGIR_PLATFORM: read.root },
      cwd: read.root,
      user: webGroupOf(head),
      sensitive: true,
      timeoutMs: 60_000,
    });
    return result.exitCode === 0 ? parseReadSettings(result.stdout) : undefined;
  } finally {
    await transport.close();
  }
}

/** The db server the settings' host names, as the web head reaches it. */
async function dbServerOf(inventory: Inventory, head: Server, host: string): Promise<Server | undefined> {
  const dbs = inventory.servers.filter((s) => s.services.db.impl !== 'null');
  const exact = dbs.find((s) => s.host === host);
  if (exact !== undefined) return exact;
  const addresses = await resolveHostAddresses([head, ...dbs]);
  const wanted = LOOPBACK.has(host) ? (addresses[head.alias] ?? [head.host]) : await resolve(host);
  return dbs.find((s) => (addresses[s.alias] ?? []).some((a) => wanted.includes(a)) || (LOOPBACK.has(host) && s.host === head.host));
}

async function resolve(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  try {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}
