/**
 * `verify @site`: converge the site to what Aegir plans: its database account and grants, the
 * platform-level files, its directories and permissions, its settings, and its vhost (serving, or
 * the disabled page) on every web head. What is already right is left alone: an unchanged site
 * changes nothing, tests no config and reloads nothing. The login checks run only after a change.
 */
import { createPlan, type Action, type Plan } from '../plan/index.js';
import { ensureDbActions, loginCheckActions, platformFileActions, siteFileActions, vhostWriteActions } from './site-actions.js';
import { requireInstalled, siteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';
import { sitesOfPlatform } from '../model/navigation.js';

export function planVerifySite(input: PlanInput<SiteTaskFacts>): Plan {
  const scope = siteScope(input);
  requireInstalled(scope.site, 'verify');
  const db = ensureDbActions(scope);
  const dbIds = db.map((action) => action.id);
  const names = sitesOfPlatform(input.inventory, scope.platform.alias).map((s) => ({ uri: s.uri, aliases: s.aliases }));
  const enabled = scope.site.status !== 'disabled';
  const actions: Action[] = [...db];
  for (const head of scope.heads) {
    const platformFiles = platformFileActions(scope, head, names);
    const files = siteFileActions(scope, head);
    const vhost = vhostWriteActions(scope, head, enabled, [...files.settings, ...platformFiles.map((a) => a.id)]);
    const login = loginCheckActions(scope, head, [...dbIds, ...files.settings], true);
    actions.push(...platformFiles, ...files.actions, ...vhost, ...login);
  }
  return createPlan(`verify ${scope.site.alias}`, actions);
}
