/**
 * `delete @site`: on every web head the vhost is removed (config test, reload), then the site
 * directory with everything in it, and the platform-level files are written without the site;
 * once all of that succeeded, the database and the site's accounts are dropped (last, because a
 * dropped database cannot be brought back). Refused unless the site is disabled, or forced.
 */
import { AegirError, type Site } from '../model/index.js';
import { createPlan, type Action, type Plan } from '../plan/index.js';
import { dropDbActions, platformFileActions, removeSiteDirAction, vhostRemoveActions } from './site-actions.js';
import { backupActions, type BackupRun } from './backup-site.js';
import { siteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';
import { sitesOfPlatform } from '../model/navigation.js';

/** Refuses to delete a site that still serves, unless forced. */
export function checkDeletable(site: Site, force: boolean): void {
  if (force || site.status === 'disabled' || site.status === 'failed' || site.status === 'new') return;
  throw new AegirError(
    'site_not_disabled',
    `${site.alias} is ${site.status}: disable it first ('aegir disable ${site.alias}'), or delete with --force`,
    { exitCode: 2 },
  );
}

export interface DeleteFacts extends SiteTaskFacts {
  /** The backup taken first (absent with --no-backup, and for a site that was never installed). */
  readonly backup?: BackupRun;
}

export function planDeleteSite(input: PlanInput<DeleteFacts>): Plan {
  const scope = siteScope(input, { needCode: false });
  const others = sitesOfPlatform(input.inventory, scope.platform.alias)
    .filter((s) => s.alias !== scope.site.alias)
    .map((s) => ({ uri: s.uri, aliases: s.aliases }));
  // A backup first, kept like any other; nothing is removed before it is packed.
  const backup = input.facts.backup === undefined ? undefined : backupActions(scope, input.facts.backup);
  const start = backup === undefined ? [] : [backup.packId];
  const web: Action[] = [...(backup?.actions ?? [])];
  for (const head of scope.heads) {
    const vhost = vhostRemoveActions(scope, head, start);
    const last = vhost.at(-1);
    const dir = removeSiteDirAction(scope, head, last === undefined ? [] : [last.id], input.inventory);
    const files = platformFileActions(scope, head, others).map((a) => Object.freeze({ ...a, after: [...a.after, ...start] }));
    web.push(...vhost, dir, ...files);
  }
  const drop = dropDbActions(scope, [...start, ...web.map((action) => action.id)]);
  return createPlan(`delete ${scope.site.alias}`, [...web, ...drop]);
}
