/**
 * The actions site tasks are made of, per service: the database and its grants, the files of the
 * site on each web head (platform-level files, directories, settings), the vhost (with its one
 * config test and reload per web head), the login check from each web head, and the installer.
 */
import { appKind, appSiteInput, type AppCommand, type AppKind, type AppSiteInput, type AppSiteNames } from '../apps/index.js';
import { checkRemovalPath, type Inventory, type Server } from '../model/index.js';
import { ensureDir, exec, removePath, writeFile, type Action } from '../plan/index.js';
import { dbService } from '../services/db/index.js';
import { bindHttpService, vhostInputOf } from '../services/http/index.js';
import { dbHostFor } from './db-endpoints.js';
import type { SiteScope } from './site-scope.js';

const DEFAULT_DB_PORT = { mysql: 3306, postgres: 5432 } as const;

/** The web group of a web head (its http service's), `www-data` when it has none. */
export function webGroupOf(server: Server): string {
  return server.services.http.impl === 'null' ? 'www-data' : server.services.http.settings.webGroup;
}

/** The app input of the site as one web head sees it (the db host differs when it is the db server). */
export function appInputFor(scope: SiteScope, head: Server): AppSiteInput {
  const { site, platform, db, credentials } = scope;
  const impl = db.services.db.impl;
  if (impl === 'null') throw new Error(`${db.alias} has no database service`);
  return appSiteInput({
    uri: site.uri,
    aliases: site.aliases,
    platformRoot: platform.root,
    db: {
      driver: impl === 'mysql' ? 'mysql' : 'pgsql',
      host: dbHostFor(head, db, scope.facts.addresses),
      port: db.services.db.settings.port ?? DEFAULT_DB_PORT[impl],
      name: credentials.dbName,
      user: credentials.dbUser,
      password: credentials.dbPassword.reveal(),
    },
    hashSalt: credentials.hashSalt.reveal(),
    webGroup: webGroupOf(head),
    layout: appKind(platform.app).layout,
    ...(scope.code?.drupalMajor === undefined ? {} : { drupalMajor: scope.code.drupalMajor }),
  });
}

/** The database, the account and a grant for every web head; nothing when all is as wanted. */
export function ensureDbActions(scope: SiteScope, after: readonly string[] = []): Action[] {
  const { db, credentials } = scope;
  return dbService(db.services.db.impl).ensureSiteDatabase({
    server: db, database: credentials.dbName, user: credentials.dbUser, password: credentials.dbPassword,
    grantHosts: scope.grantHosts, facts: scope.facts.db, after,
  });
}

/** Drops the database and every account of the site user (the grant hosts and any found). */
export function dropDbActions(scope: SiteScope, after: readonly string[]): Action[] {
  const { db, credentials } = scope;
  const found = scope.facts.db.accounts.flatMap((account) => (account.host === undefined ? [] : [account.host]));
  return dbService(db.services.db.impl).dropSiteDatabase({
    server: db, database: credentials.dbName, user: credentials.dbUser, grantHosts: [...scope.grantHosts, ...found], after,
  });
}

/** The platform-level files (switch files, Drupal's sites.php) for these sites, on one web head. */
export function platformFileActions(scope: SiteScope, head: Server, sites: readonly AppSiteNames[]): Action[] {
  const { platform } = scope;
  return appKind(platform.app).platformFiles(platform.root, sites).map((file) => writeFile({
    id: `files:${head.alias}:${platform.alias}:platform:${relative(platform.root, file.path)}`,
    server: head.alias, path: file.path, content: file.content, mode: file.mode, group: file.group, sensitive: file.sensitive,
  }));
}

export interface SiteFileActions {
  readonly actions: Action[];
  /** The ids of the settings writes. */
  readonly settings: string[];
}

/**
 * The site's directories, then its settings files, on one web head. Each directory waits for its
 * nearest listed ancestor only (siblings are made together, in one batch per server and level), so
 * a parent and its child are never made by two batches at once.
 */
export function siteFileActions(scope: SiteScope, head: Server, after: readonly string[] = []): SiteFileActions {
  return appFileActions(appKind(scope.platform.app), appInputFor(scope, head), head.alias, after);
}

/** The directories, then the settings files, an app kind asks for one site, on `server`. */
export function appFileActions(kind: AppKind<string>, input: AppSiteInput, server: string, after: readonly string[] = []): SiteFileActions {
  const prefix = `files:${server}:${input.uri}`;
  const actions: Action[] = [];
  const made: { path: string; id: string }[] = [];
  for (const directory of kind.directories(input)) {
    const parent = made.filter((dir) => directory.path.startsWith(`${dir.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
    const dir = ensureDir({
      id: `${prefix}:dir:${relative(input.siteDir, directory.path)}`, server,
      path: directory.path, mode: directory.mode, group: directory.group, after: parent === undefined ? [...after] : [parent.id],
    });
    actions.push(dir);
    made.push({ path: directory.path, id: dir.id });
  }
  const previous = actions.length === 0 ? [...after] : actions.map((action) => action.id);
  const settings = kind.settingsFiles(input).map((file) => writeFile({
    id: `${prefix}:settings:${relative(input.siteDir, file.path)}`, server,
    path: file.path, content: file.content, mode: file.mode, group: file.group, sensitive: file.sensitive, after: previous,
  }));
  actions.push(...settings);
  return { actions, settings: settings.map((action) => action.id) };
}

/**
 * Removes the site directory and everything in it, on one web head; refused (before anything
 * runs) when that directory is, holds or is inside a path another entity owns in `inventory`.
 */
export function removeSiteDirAction(scope: SiteScope, head: Server, after: readonly string[], inventory: Inventory): Action {
  const input = appInputFor(scope, head);
  checkRemovalPath(inventory, { server: head.alias, path: input.siteDir, owner: { kind: 'site', alias: scope.site.alias } });
  return removePath({ id: `files:${head.alias}:${scope.site.uri}:remove-site-dir`, server: head.alias, path: input.siteDir, recursive: true, after });
}

/** The site's vhost (serving, or the disabled page) written on one web head, then test and reload. */
export function vhostWriteActions(scope: SiteScope, head: Server, enabled: boolean, after: readonly string[]): Action[] {
  const site = vhostInputOf(scope.site, scope.platform, { enabled });
  return bindHttpService(head.services.http).sitePlanActions({ server: head.alias, address: head.host, changes: [{ kind: 'write', site }], after });
}

/** The site's vhost (and its certificate and key, when it has them) removed from one web head, then test and reload. */
export function vhostRemoveActions(scope: SiteScope, head: Server, after: readonly string[]): Action[] {
  const tls = scope.site.certificate !== undefined;
  return bindHttpService(head.services.http).sitePlanActions({ server: head.alias, address: head.host, changes: [{ kind: 'remove', uri: scope.site.uri, ...(tls ? { tls } : {}) }], after });
}

/** Proves the site's account connects from a web head; with `onlyIfChanged`, only after a change it depends on. */
export function loginCheckActions(scope: SiteScope, head: Server, after: readonly string[], onlyIfChanged = false): Action[] {
  const { db, credentials } = scope;
  return dbService(db.services.db.impl).siteLoginCheck({
    server: db, from: head.alias, database: credentials.dbName, user: credentials.dbUser, password: credentials.dbPassword,
    dbHost: dbHostFor(head, db, scope.facts.addresses), after,
  }).map((action) => (onlyIfChanged ? Object.freeze({ ...action, onlyIfChanged: true as const }) : action));
}

/** The app's installer on the first web head, as the web user; none when the app has none. */
export function installerAction(scope: SiteScope, after: readonly string[]): Action | undefined {
  const head = scope.heads[0];
  if (head === undefined) return undefined;
  const input = appInputFor(scope, head);
  const webUser = webGroupOf(head);
  const command: AppCommand | undefined = appKind(scope.platform.app).installer({
    ...input,
    webUser,
    admin: { name: 'admin', email: `admin@${scope.site.uri}`, password: scope.facts.adminPassword?.reveal() ?? '' },
    ...(scope.code?.drush === undefined ? {} : { drush: scope.code.drush }),
    ...(scope.code?.installScript === undefined ? {} : { installScript: scope.code.installScript }),
  });
  if (command === undefined) return undefined;
  return exec({
    id: `app:${head.alias}:${scope.site.uri}:install`, server: head.alias, after,
    argv: command.argv, cwd: command.cwd, user: command.user, sensitive: command.sensitive, description: command.description,
    ...(command.env === undefined ? {} : { env: command.env }),
    ...(command.stdin === undefined ? {} : { stdin: command.stdin }),
    undo: { kind: 'none', reason: 'the installer wrote only into the site database and directory, which are removed' },
  });
}

/** `path` relative to `base` when under it (for action ids), else the path itself. */
function relative(base: string, path: string): string {
  if (path === base) return '.';
  const prefix = `${base === '/' ? '' : base}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
