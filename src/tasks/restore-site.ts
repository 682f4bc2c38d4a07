/**
 * `restore @site [BACKUP]` as one plan: a fresh backup first; the chosen archive checked against
 * its recorded checksum and extracted into a fresh staging directory on the hub; its dump goes
 * into a **new** database (the site's account granted on it) from a fresh scratch directory on the
 * first web head; on every web head the archive's site directory is pushed beside the live one,
 * the two are swapped, and the settings are rewritten for the new database; a login check from
 * every web head; only then the old database and the old directories go. On any failure the swaps
 * are reversed, the settings put back and the new database dropped: the site serves what it
 * served before. Nothing changes on the site until the fresh backup is packed.
 */
import type { BackupFact } from '../facts/index.js';
import { createPlan, exec, freshDir, pushTree, removePath, removeScratch, SERVER_WORK_DIR, type Action, type Plan } from '../plan/index.js';
import { backupActions, dbEndpointOf, firstHead, type BackupRun } from './backup-site.js';
import { dropDatabaseOnly, DUMP_FILE, importAction } from './db-dump.js';
import { extractArchiveAction, HUB, hubStaging, removeHubStaging } from './hub-actions.js';
import { appInputFor, ensureDbActions, loginCheckActions, siteFileActions } from './site-actions.js';
import { requireInstalled, siteScope, type SiteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';

export interface RestoreFacts extends SiteTaskFacts {
  /** The fresh backup taken first. */
  readonly backup: BackupRun;
  /** The backup to restore. */
  readonly chosen: BackupFact;
  /** A free database name on the site's db server. */
  readonly newDbName: string;
}

/** `sites/<uri>` -> `sites/.<uri>.<tag>-<token>`: beside it, never taken for a site, never guessed. */
export function besideDir(siteDir: string, tag: string, token: string): string {
  const cut = siteDir.lastIndexOf('/');
  return `${siteDir.slice(0, cut)}/.${siteDir.slice(cut + 1)}.${tag}-${token}`;
}

export function moveDir(id: string, server: string, from: string, to: string, after: readonly string[]): Action {
  return exec({
    id, server, after, argv: ['mv', '-T', '--', from, to], timeoutMs: 60_000,
    description: `move ${from} to ${to}`, undo: { kind: 'exec', argv: ['mv', '-T', '--', to, from] },
  });
}

/** The scope of the site with its database renamed (the same account, not yet granted on it). */
export function withDatabase(scope: SiteScope, database: string): SiteScope {
  const credentials = { ...scope.credentials, dbName: database };
  const db = { databaseExists: false, accounts: scope.facts.db.accounts.map((a) => ({ ...a, privileged: false })) };
  return { ...scope, credentials, facts: { ...scope.facts, credentials, db } };
}

export function planRestoreSite(input: PlanInput<RestoreFacts>): Plan {
  const scope = siteScope(input);
  requireInstalled(scope.site, 'restore');
  const { backup, chosen, newDbName } = input.facts;
  const uri = scope.site.uri;
  const fresh = backupActions(scope, backup);
  const next = withDatabase(scope, newDbName);
  const head = firstHead(next);
  const staging = hubStaging(backup.hub, `restore-${uri}`, backup.token);
  const hubDir = staging.action(`restore:${HUB}:${uri}:staging`);
  const extract = extractArchiveAction({
    id: `restore:${HUB}:${uri}:extract`, file: `${backup.hub.backups}/${chosen.file}`, sha256: chosen.sha256, dir: staging.path, after: [hubDir.id],
  });
  // Nothing of the site changes before the fresh backup is complete.
  const start = [fresh.packId, extract.id];
  const db = ensureDbActions(next, start);
  const p = `restore:${head.alias}:${uri}`;
  const scratchName = `restore-${uri}-${backup.token}`;
  const scratch = `${SERVER_WORK_DIR}/scratch/${scratchName}`;
  const dir = freshDir({ id: `${p}:scratch`, server: head.alias, base: SERVER_WORK_DIR, area: 'scratch', name: scratchName, after: start });
  const pushDump = pushTree({ id: `${p}:push-dump`, server: head.alias, source: `${staging.path}/db`, target: scratch, after: [dir.id] });
  const load = importAction({
    id: `${p}:import`, server: head.alias, db: dbEndpointOf(next, head), file: `${scratch}/${DUMP_FILE}`,
    after: [pushDump.id, ...db.map((a) => a.id)],
  });
  const clean = removeScratch({ id: `${p}:remove-scratch`, server: head.alias, path: scratch, after: [load.id] });
  const actions: Action[] = [...fresh.actions, hubDir, extract, ...db, dir, pushDump, load, clean];
  const checks: string[] = [];
  const pushes: string[] = [pushDump.id];
  const olds: { server: string; path: string }[] = [];
  for (const server of next.heads) {
    const siteDir = appInputFor(next, server).siteDir;
    const incoming = besideDir(siteDir, 'restore', backup.token);
    const old = besideDir(siteDir, 'old', backup.token);
    const q = `restore:${server.alias}:${uri}`;
    const push = pushTree({ id: `${q}:push-site`, server: server.alias, source: `${staging.path}/site`, target: incoming, after: start });
    const out = moveDir(`${q}:swap-out`, server.alias, siteDir, old, [push.id, load.id]);
    const into = moveDir(`${q}:swap-in`, server.alias, incoming, siteDir, [out.id]);
    const files = siteFileActions(next, server, [into.id]);
    const login = loginCheckActions(next, server, [...db.map((a) => a.id), ...files.settings]);
    actions.push(push, out, into, ...files.actions, ...login);
    checks.push(...login.map((a) => a.id), ...files.settings);
    pushes.push(push.id);
    olds.push({ server: server.alias, path: old });
  }
  const removeOld = olds.map((o) => removePath({
    id: `restore:${o.server}:${uri}:remove-old-dir`, server: o.server, path: o.path, recursive: true, after: checks,
  }));
  const dropOld = dropDatabaseOnly({
    id: `restore:${scope.db.alias}:${uri}:drop-old-db`, server: scope.db, database: scope.credentials.dbName,
    after: [...checks, ...removeOld.map((a) => a.id)],
  });
  const cleanHub = removeHubStaging(`restore:${HUB}:${uri}:remove-staging`, staging.path, pushes);
  return createPlan(`restore ${scope.site.alias} from backup ${chosen.id} (${chosen.file})`, [...actions, ...removeOld, dropOld, cleanHub]);
}
