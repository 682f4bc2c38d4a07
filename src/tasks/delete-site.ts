/**
 * `delete @site`: on every web head the vhost is removed (config test, reload), then the site
 * directory with everything in it, and the platform-level files are written without the site;
 * once all of that succeeded, the database and the site's accounts are dropped (last, because a
 * dropped database cannot be brought back). Refused unless the site is disabled, or forced.
 */
import { AegirError, type Site } from '../model/index.js';
import { createPlan, type Action, type Plan } from '../plan/index.js';
import { dropDbActions, platformFileActions, removeSiteDirAction, vhostRemoveActions } from './site-actions.js';
import { siteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';
import { sitesOfPlatform } from './web-target.js';

/** Refuses to delete a site that still serves, unless forced. */
export function checkDeletable(site: Site, force: boolean): void {
  if (force || site.status === 'disabled' || site.status === 'failed' || site.status === 'new') return;
  throw new AegirError(
    'site_not_disabled',
    `${site.alias} is ${site.status}: disable it first ('aegir disable ${site.alias}'), or delete with --force`,
    { exitCode: 2 },
  );
}

export function planDeleteSite(input: PlanInput<SiteTaskFacts>): Plan {
  const scope = siteScope(input, { needCode: false });
  const others = sitesOfPlatform(input.inventory, scope.platform.alias)
    .filter((s) => s.alias !== scope.site.alias)
    .map((s) => ({ uri: s.uri, aliases: s.aliases }));
  const web: Action[] = [];
  for (const head of scope.heads) {
    const vhost = vhostRemoveActions(scope, head, []);
    const last = vhost.at(-1);
    const dir = removeSiteDirAction(scope, head, last === undefined ? [] : [last.id], input.inventory);
    web.push(...vhost, dir, ...platformFileActions(scope, head, others));
  }
  const drop = dropDbActions(scope, web.map((action) => action.id));
  return createPlan(`delete ${scope.site.alias}`, [...web, ...drop]);
}
