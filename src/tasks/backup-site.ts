/**
 * `backup @site`: on the site's first web head, a consistent dump of its database into a scratch
 * directory (0700), then the dump and the site directory (settings, uploads, private files)
 * fetched into a staging directory on the hub; the hub packs the staging directory into one
 * archive afterwards. Nothing on the site changes: the scratch directory goes once fetched.
 */
import { AegirError } from '../model/index.js';
import { createPlan, ensureDir, fetchTree, removePath, type Action, type Plan } from '../plan/index.js';
import { appInputFor } from './site-actions.js';
import { requireInstalled, siteScope, type SiteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';
import { dbHostFor } from './db-endpoints.js';
import { dumpAction, DUMP_FILE, type DbEndpoint } from './db-dump.js';
import type { Server } from '../model/index.js';

const DEFAULT_DB_PORT = { mysql: 3306, postgres: 5432 } as const;

export interface BackupFacts extends SiteTaskFacts {
  /** The backup's time, `YYYYmmdd-HHMMSS` (UTC): names the archive and the scratch directory. */
  readonly stamp: string;
  /** The hub directory the dump (`db/`) and the site directory (`site/`) are fetched into. */
  readonly staging: string;
}

/** A stamp from a date: `20250102-030405` (UTC). */
export function backupStamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** A scratch directory on a server for one task's dump files. */
export function scratchDir(verb: string, uri: string, stamp: string): string {
  return `/var/tmp/aegir-${verb}-${uri}-${stamp}`;
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

/** The backup actions of a scope (shared by backup, and by restore, clone and migrate before they deploy). */
export function backupActions(scope: SiteScope, stamp: string, staging: string): Action[] {
  const head = firstHead(scope);
  const scratch = scratchDir('backup', scope.site.uri, stamp);
  const p = `backup:${head.alias}:${scope.site.uri}`;
  const dir = ensureDir({ id: `${p}:scratch`, server: head.alias, path: scratch, mode: 0o700 });
  const dump = dumpAction({ id: `${p}:dump`, server: head.alias, db: dbEndpointOf(scope, head), file: `${scratch}/${DUMP_FILE}`, after: [dir.id] });
  const fetchDb = fetchTree({ id: `${p}:fetch-db`, server: head.alias, source: scratch, target: `${staging}/db`, after: [dump.id] });
  const fetchSite = fetchTree({ id: `${p}:fetch-site`, server: head.alias, source: appInputFor(scope, head).siteDir, target: `${staging}/site` });
  const clean = removePath({ id: `${p}:remove-scratch`, server: head.alias, path: scratch, recursive: true, after: [fetchDb.id] });
  return [dir, dump, fetchDb, fetchSite, clean];
}

export function planBackupSite(input: PlanInput<BackupFacts>): Plan {
  const scope = siteScope(input, { needCode: false });
  requireInstalled(scope.site, 'back up');
  return createPlan(`backup ${scope.site.alias}`, backupActions(scope, input.facts.stamp, input.facts.staging));
}
