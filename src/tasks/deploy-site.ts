/**
 * Puts a site from a backup's staging directory (on the hub) on its place: the target scope's
 * database (new, with its account and grants), the dump imported from the first web head, the
 * site directory pushed to every web head and its settings rewritten for the new place, a login
 * check from every web head, the app's updater when asked, then the vhosts. Clone and migrate
 * build on it; every step is undone on failure (the new database dropped, the pushed trees gone).
 */
import { appKind, type AppSiteNames } from '../apps/index.js';
import type { Server } from '../model/index.js';
import { exec, freshDir, pushTree, removeScratch, SERVER_WORK_DIR, type Action } from '../plan/index.js';
import { bindHttpService, vhostInputOf } from '../services/http/index.js';
import { dbEndpointOf, firstHead } from './backup-site.js';
import { DUMP_FILE, importAction } from './db-dump.js';
import { appInputFor, ensureDbActions, loginCheckActions, platformFileActions, siteFileActions, webGroupOf } from './site-actions.js';
import type { SiteScope } from './site-scope.js';

export interface DeployOptions {
  /** Names the fresh scratch directory of the import (unguessable). */
  readonly token: string;
  /** The hub directory holding `db/` and `site/` (an extracted or fresh backup). */
  readonly staging: string;
  /** What must be complete before anything is deployed (the backup that fills `staging`). */
  readonly start: readonly string[];
  /** The sites the target platform's files name (the target site included). */
  readonly platformSites: readonly AppSiteNames[];
  /** Web heads whose site directory is already the target's (same path): not pushed. */
  readonly inPlace?: readonly string[];
  /** Run the app's updater (a move to another platform). */
  readonly updater?: boolean;
}

export interface DeployActions {
  readonly actions: Action[];
  /** The ids the vhost switch waits for: the new place is verified. */
  readonly verified: string[];
  /** The ids of the actions that read the staging directory (it may go once they are done). */
  readonly reads: string[];
}

/** Everything but the vhosts: database, import, directories, settings, login checks, updater. */
export function deployActions(target: SiteScope, options: DeployOptions): DeployActions {
  const head = firstHead(target);
  const db = ensureDbActions(target, options.start);
  const scratchName = `import-${target.site.uri}-${options.token}`;
  const scratch = `${SERVER_WORK_DIR}/scratch/${scratchName}`;
  const p = `deploy:${head.alias}:${target.site.uri}`;
  const dir = freshDir({ id: `${p}:scratch`, server: head.alias, base: SERVER_WORK_DIR, area: 'scratch', name: scratchName, after: options.start });
  const pushDump = pushTree({ id: `${p}:push-dump`, server: head.alias, source: `${options.staging}/db`, target: scratch, after: [dir.id] });
  const load = importAction({
    id: `${p}:import`, server: head.alias, db: dbEndpointOf(target, head), file: `${scratch}/${DUMP_FILE}`,
    after: [pushDump.id, ...db.map((a) => a.id)],
  });
  const clean = removeScratch({ id: `${p}:remove-scratch`, server: head.alias, path: scratch, after: [load.id] });
  const actions: Action[] = [...db, dir, pushDump, load, clean];
  const reads: string[] = [pushDump.id];
  const verified: string[] = [load.id];
  const settingsOfFirst: string[] = [];
  for (const server of target.heads) {
    const siteDir = appInputFor(target, server).siteDir;
    const push = options.inPlace?.includes(server.alias) === true ? [] : [pushTree({
      id: `deploy:${server.alias}:${target.site.uri}:push-site`, server: server.alias, source: `${options.staging}/site`, target: siteDir, after: options.start,
    })];
    reads.push(...push.map((a) => a.id));
    const platformFiles = platformFileActions(target, server, options.platformSites).map((a) => Object.freeze({ ...a, after: [...a.after, ...options.start] }));
    const files = siteFileActions(target, server, push.length === 0 ? [...options.start] : push.map((a) => a.id));
    const login = loginCheckActions(target, server, [...db.map((a) => a.id), ...files.settings]);
    actions.push(...push, ...platformFiles, ...files.actions, ...login);
    verified.push(...login.map((a) => a.id), ...platformFiles.map((a) => a.id));
    if (server === head) settingsOfFirst.push(...files.settings, ...platformFiles.map((a) => a.id));
  }
  const update = options.updater === true ? updaterAction(target, head, [load.id, ...settingsOfFirst]) : undefined;
  if (update !== undefined) {
    actions.push(update);
    verified.push(update.id);
  }
  return { actions, verified, reads };
}

/** The app's database updater on the first web head, as the web user (MediaWiki's update.php, drush updatedb); none when the app has none. */
export function updaterAction(target: SiteScope, head: Server, after: readonly string[]): Action | undefined {
  const command = appKind(target.platform.app).updater({
    uri: target.site.uri, platformRoot: target.platform.root, webUser: webGroupOf(head), ...(target.code === undefined ? {} : { code: target.code }),
  });
  if (command === undefined) return undefined;
  return exec({
    id: `app:${head.alias}:${target.site.uri}:update`, server: head.alias, after,
    argv: command.argv, cwd: command.cwd, user: command.user, sensitive: command.sensitive, description: command.description,
    ...(command.env === undefined ? {} : { env: command.env }),
    ...(command.stdin === undefined ? {} : { stdin: command.stdin }),
    undo: { kind: 'none', reason: 'the updater changed only the new database, which is dropped on rollback' },
  });
}

/** One vhost change per web head: the target written (serving), the old uri removed where it goes. */
export function vhostSwitchActions(
  target: SiteScope,
  old: SiteScope | undefined,
  after: readonly string[],
): { actions: Action[]; ids: string[] } {
  const targetHeads = new Set(target.heads.map((h) => h.alias));
  const uriChanged = old !== undefined && old.site.uri !== target.site.uri;
  const actions: Action[] = [];
  for (const head of target.heads) {
    const site = vhostInputOf(target.site, target.platform, { enabled: target.site.status !== 'disabled' });
    const changes = [{ kind: 'write' as const, site }, ...(uriChanged ? [{ kind: 'remove' as const, uri: old.site.uri }] : [])];
    actions.push(...bindHttpService(head.services.http).sitePlanActions({ server: head.alias, address: head.host, changes, after }));
  }
  const firstIds = actions.map((a) => a.id);
  for (const head of old?.heads ?? []) {
    if (targetHeads.has(head.alias) || old === undefined) continue;
    actions.push(...bindHttpService(head.services.http).sitePlanActions({
      server: head.alias, address: head.host, changes: [{ kind: 'remove', uri: old.site.uri }], after: firstIds,
    }));
  }
  return { actions, ids: actions.map((a) => a.id) };
}

