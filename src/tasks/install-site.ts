/**
 * `install @site`: the database, its account and a grant for every web head; on every web head the
 * platform-level files, the site's directories and settings; a login check from every web head;
 * the app's installer on the first web head; then the vhost on every web head, each config-tested
 * before its reload. Any failure undoes everything (database dropped, directories and vhosts gone).
 */
import { AegirError } from '../model/index.js';
import { createPlan, type Action, type Plan } from '../plan/index.js';
import { installerAction, ensureDbActions, loginCheckActions, platformFileActions, siteFileActions, vhostWriteActions } from './site-actions.js';
import { siteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';
import { sitesOfPlatform } from '../model/navigation.js';

export function planInstallSite(input: PlanInput<SiteTaskFacts>): Plan {
  const scope = siteScope(input);
  const { site } = scope;
  if (site.status === 'enabled' || site.status === 'disabled') {
    throw new AegirError('site_installed', `${site.alias} is already installed (${site.status}); run 'aegir verify ${site.alias}' to converge it`, { exitCode: 2 });
  }
  const db = ensureDbActions(scope);
  const dbIds = db.map((action) => action.id);
  const names = sitesOfPlatform(input.inventory, scope.platform.alias).map((s) => ({ uri: s.uri, aliases: s.aliases }));
  const perHead = scope.heads.map((head) => {
    const platformFiles = platformFileActions(scope, head, names);
    const files = siteFileActions(scope, head);
    const login = loginCheckActions(scope, head, [...dbIds, ...files.settings]);
    return { head, platformFiles, files, login };
  });
  const installer = installerAction(scope, perHead.flatMap((h) => [...h.login.map((a) => a.id), ...h.platformFiles.map((a) => a.id)]));
  const vhosts = perHead.flatMap(({ head, files, platformFiles, login }) =>
    vhostWriteActions(scope, head, true, installer === undefined
      ? [...files.settings, ...platformFiles.map((a) => a.id), ...login.map((a) => a.id)]
      : [installer.id]));
  const actions: Action[] = [
    ...db,
    ...perHead.flatMap((h) => [...h.platformFiles, ...h.files.actions, ...h.login]),
    ...(installer === undefined ? [] : [installer]),
    ...vhosts,
  ];
  return createPlan(`install ${site.alias}`, actions);
}
