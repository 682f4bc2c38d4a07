/**
 * `restore @site [BACKUP]` once the hub took a fresh backup and extracted the chosen one: the
 * dump goes into a **new** database (the site's account granted on it); on every web head the
 * archive's site directory is pushed beside the live one, the two are swapped, and the settings
 * are rewritten for the new database; a login check from every web head; only then the old
 * database and the old directories go. On any failure the swaps are reversed, the settings put
 * back and the new database dropped: the site serves what it served before.
 */
import { createPlan, exec, pushTree, removePath, type Action, type Plan } from '../plan/index.js';
import { dbEndpointOf, firstHead, scratchDir } from './backup-site.js';
import { dropDatabaseOnly, DUMP_FILE, importAction } from './db-dump.js';
import { appInputFor, ensureDbActions, loginCheckActions, siteFileActions } from './site-actions.js';
import { requireInstalled, siteScope, type SiteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';

export interface RestoreFacts extends SiteTaskFacts {
  readonly stamp: string;
  /** The hub directory the chosen archive was extracted into (`db/`, `site/`). */
  readonly staging: string;
  /** A free database name on the site's db server. */
  readonly newDbName: string;
}

/** `sites/<uri>` -> `sites/.<uri>.<tag>-<stamp>`: beside it, never taken for a site. */
function besideDir(siteDir: string, tag: string, stamp: string): string {
  const cut = siteDir.lastIndexOf('/');
  return `${siteDir.slice(0, cut)}/.${siteDir.slice(cut + 1)}.${tag}-${stamp}`;
}

function move(id: string, server: string, from: string, to: string, after: readonly string[]): Action {
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
  const { stamp, staging, newDbName } = input.facts;
  const next = withDatabase(scope, newDbName);
  const head = firstHead(next);
  const db = ensureDbActions(next);
  const scratch = scratchDir('restore', scope.site.uri, stamp);
  const p = `restore:${head.alias}:${scope.site.uri}`;
  const pushDump = pushTree({ id: `${p}:push-dump`, server: head.alias, source: `${staging}/db`, target: scratch });
  const load = importAction({
    id: `${p}:import`, server: head.alias, db: dbEndpointOf(next, head), file: `${scratch}/${DUMP_FILE}`,
    after: [pushDump.id, ...db.map((a) => a.id)],
  });
  const clean = removePath({ id: `${p}:remove-scratch`, server: head.alias, path: scratch, recursive: true, after: [load.id] });
  const actions: Action[] = [...db, pushDump, load, clean];
  const checks: string[] = [];
  const olds: { server: string; path: string }[] = [];
  for (const server of next.heads) {
    const siteDir = appInputFor(next, server).siteDir;
    const incoming = besideDir(siteDir, 'restore', stamp);
    const old = besideDir(siteDir, 'old', stamp);
    const q = `restore:${server.alias}:${scope.site.uri}`;
    const push = pushTree({ id: `${q}:push-site`, server: server.alias, source: `${staging}/site`, target: incoming });
    const out = move(`${q}:swap-out`, server.alias, siteDir, old, [push.id, load.id]);
    const into = move(`${q}:swap-in`, server.alias, incoming, siteDir, [out.id]);
    const files = siteFileActions(next, server, [into.id]);
    const login = loginCheckActions(next, server, [...db.map((a) => a.id), ...files.settings]);
    actions.push(push, out, into, ...files.actions, ...login);
    checks.push(...login.map((a) => a.id), ...files.settings);
    olds.push({ server: server.alias, path: old });
  }
  const removeOld = olds.map((o) => removePath({
    id: `restore:${o.server}:${scope.site.uri}:remove-old-dir`, server: o.server, path: o.path, recursive: true, after: checks,
  }));
  const dropOld = dropDatabaseOnly({
    id: `restore:${scope.db.alias}:${scope.site.uri}:drop-old-db`, server: scope.db, database: scope.credentials.dbName,
    after: [...checks, ...removeOld.map((a) => a.id)],
  });
  return createPlan(`restore ${scope.site.alias}`, [...actions, ...removeOld, dropOld]);
}
