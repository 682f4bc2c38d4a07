/**
 * `import @platform uri`: adopts a site installed on a platform's disk without Aegir. Its
 * settings are read with PHP on the platform's first web head (the path in the environment, the
 * output sensitive), its db server is found among Aegir's servers by the driver, host and port
 * the settings name, and the database and account they name are proved the site's own (see
 * import-db.ts: a settings file is the site owner's to write, so nothing in it is trusted). Only
 * then is the site recorded enabled with those credentials (secrets encrypted by the store). The
 * caller then verifies it, which writes Aegir's settings and vhosts for it.
 */
import { appKind, parseReadSettings, readableSettingsFile, settingsReaderScript, type ReadSettings } from '../../apps/index.js';
import { AegirError, ConflictError, generateSecret, parseAlias, parseUri, Secret, ValidationError, type Server, type Site } from '../../model/index.js';
import { parseSite } from '../../model/site.js';
import { checkAliasFree, checkSite } from '../../model/rules.js';
import type { Store } from '../../store/index.js';
import { unknownSites } from '../../tasks/verify-platform.js';
import { platformOf, webServersOf } from '../../model/navigation.js';
import { webGroupOf } from '../../tasks/site-actions.js';
import { connect } from '../../transport/index.js';
import { checkActor, type Actor } from '../actor.js';
import { probePlatformCode } from '../../engine/facts/platform-code.js';
import { dbServerOf, proveDbOwnership } from './import-db.js';

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
  const heads = webServersOf(inventory, platform);
  const head = heads[0];
  if (head === undefined) throw new AegirError('import_no_head', `${platform.alias} has no web head`, { exitCode: 2 });
  const path = `${appKind(platform.app).layout.dirsOf(platform.root, uri).siteDir}/${file}`;
  const settings = await readSettings(head, home, { path, root: platform.root, script });
  if (settings === undefined) {
    throw new AegirError('import_unreadable', `cannot read the database settings of ${uri} from ${path} on ${head.alias}`, { exitCode: 2 });
  }
  const db = await dbServerOf(inventory, head, uri, settings);
  const site = parseSite({
    uri, platform: platform.alias, db: db.alias, status: 'enabled',
    dbName: settings.name, dbUser: settings.user, dbPassword: new Secret(settings.password),
    hashSalt: settings.salt === undefined ? generateSecret(48) : new Secret(settings.salt),
  });
  checkAliasFree(inventory, site.alias);
  checkSite(inventory, site);
  const hub = await store.ownDatabaseNames();
  for (const [field, name] of [['dbName', settings.name], ['dbUser', settings.user]] as const) {
    if (hub.includes(name)) throw new ValidationError(field, name, "is the hub's own database or account (AEGIR_DATABASE_URL): it is never a site's");
  }
  await proveDbOwnership(inventory, home, site, heads, db);
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
