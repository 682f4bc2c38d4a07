/**
 * `backup @site` as one plan: a fresh staging directory on the hub; on the site's first web head a
 * fresh scratch directory and a consistent dump of its database into it; the dump and the site
 * directory (settings, uploads, private files) fetched into the staging directory; the scratch
 * directory removed; the hub packs the staging directory into the archive (0600, renamed into place
 * when complete) and removes it. Nothing on the site changes. On failure every step is undone: no
 * partial archive, no scratch directory, no staging left. The hub records the archive afterwards.
 */
import { AegirError, type Server } from '../model/index.js';
import type { HubPaths } from '../facts/index.js';
import { createPlan, fetchTree, freshDir, removeScratch, SERVER_WORK_DIR, serverScratch, type Action, type Plan } from '../plan/index.js';
import { dbHostFor } from './db-endpoints.js';
import { dumpAction, DUMP_FILE, type DbEndpoint } from './db-dump.js';
import { archiveName, HUB, hubStaging, packArchiveAction, removeHubStaging } from './hub-actions.js';
import { appInputFor } from './site-actions.js';
import { requireInstalled, siteScope, type SiteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';

const DEFAULT_DB_PORT = { mysql: 3306, postgres: 5432 } as const;

/** What a backup needs besides the site's facts: its stamp, an unguessable token, the hub's paths. */
export interface BackupRun {
  /** The backup's time, `YYYYmmdd-HHMMSS` (UTC): names the archive. */
  readonly stamp: string;
  /** The same time, ISO-8601. */
  readonly takenAt: string;
  /** Names the fresh scratch and staging directories. */
  readonly token: string;
  readonly hub: HubPaths;
}

export interface BackupFacts extends SiteTaskFacts {
  readonly backup: BackupRun;
}

/** A stamp from a date: `20250102-030405` (UTC). */
export function backupStamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** The site's database as a web head reaches it, with the site's account; `database` overrides the name. */
export function dbEndpointOf(scope: SiteScope, head: Server, database?: string): DbEndpoint {
  const impl = scope.db.services.db.impl;
  if (impl === 'null') throw new AegirError('db_none', `${scope.db.alias} has no database service`, { exitCode: 2 });
  return {
    kind: impl,
    host: dbHostFor(head, scope.db, scope.facts.addresses),
    port: scope.db.services.db.settings.port ?? DEFAULT_DB_PORT[impl],
    database: database ?? scope.credentials.dbName,
    user: scope.credentials.dbUser,
    password: scope.credentials.dbPassword.reveal(),
  };
}

/** The first web head of a scope (the one that dumps, imports and runs updaters). */
export function firstHead(scope: SiteScope): Server {
  const head = scope.heads[0];
  if (head === undefined) throw new AegirError('no_web_heads', `${scope.platform.alias} has no web server`);
  return head;
}

export interface BackupActions {
  readonly actions: Action[];
  /** The hub staging directory holding `db/` and `site/` once `fetched` are done. */
  readonly staging: string;
  /** The ids after which the staging directory is complete. */
  readonly fetched: readonly string[];
  /** The archive on the hub (absolute path) and the id of the action that packs it. */
  readonly archive: string;
  readonly packId: string;
}

/**
 * The backup actions of a scope (backup itself, and restore, clone and migrate before they
 * deploy). With `keepStaging`, the caller removes the staging directory after using it.
 */
export function backupActions(scope: SiteScope, run: BackupRun, options: { readonly keepStaging?: boolean } = {}): BackupActions {
  const head = firstHead(scope);
  const uri = scope.site.uri;
  const staging = hubStaging(run.hub, `backup-${uri}`, run.token);
  const scratch = serverScratch(run.token, `backup-${uri}`);
  const p = `backup:${head.alias}:${uri}`;
  const hubDir = staging.action(`backup:${HUB}:${uri}:staging`);
  const dir = freshDir({ id: `${p}:scratch`, server: head.alias, base: SERVER_WORK_DIR, area: 'scratch', name: scratch.slice(scratch.lastIndexOf('/') + 1) });
  const dump = dumpAction({ id: `${p}:dump`, server: head.alias, db: dbEndpointOf(scope, head), file: `${scratch}/${DUMP_FILE}`, after: [dir.id] });
  const fetchDb = fetchTree({ id: `${p}:fetch-db`, server: head.alias, source: scratch, target: `${staging.path}/db`, after: [dump.id, hubDir.id] });
  const fetchSite = fetchTree({ id: `${p}:fetch-site`, server: head.alias, source: appInputFor(scope, head).siteDir, target: `${staging.path}/site`, after: [hubDir.id] });
  const clean = removeScratch({ id: `${p}:remove-scratch`, server: head.alias, path: scratch, after: [fetchDb.id] });
  const archive = `${run.hub.backups}/${archiveName(uri, run.stamp)}`;
  const pack = packArchiveAction({ id: `backup:${HUB}:${uri}:pack`, staging: staging.path, file: archive, after: [fetchDb.id, fetchSite.id] });
  const actions: Action[] = [hubDir, dir, dump, fetchDb, fetchSite, clean, pack];
  if (options.keepStaging !== true) actions.push(removeHubStaging(`backup:${HUB}:${uri}:remove-staging`, staging.path, [pack.id]));
  return { actions, staging: staging.path, fetched: [fetchDb.id, fetchSite.id], archive, packId: pack.id };
}

export function planBackupSite(input: PlanInput<BackupFacts>): Plan {
  const scope = siteScope(input, { needCode: false });
  requireInstalled(scope.site, 'back up');
  return createPlan(`backup ${scope.site.alias}`, backupActions(scope, input.facts.backup).actions);
}
