/**
 * `disable @site` and `enable @site`: the vhost on every web head switches to the "site disabled"
 * page (HTTP 503 on every name) and back, each config-tested before its reload.
 */
import { createPlan, type Plan } from '../plan/index.js';
import { vhostWriteActions } from './site-actions.js';
import { requireInstalled, siteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';

export function planDisableSite(input: PlanInput<SiteTaskFacts>): Plan {
  return planSiteServing(input, false);
}

export function planEnableSite(input: PlanInput<SiteTaskFacts>): Plan {
  return planSiteServing(input, true);
}

function planSiteServing(input: PlanInput<SiteTaskFacts>, enabled: boolean): Plan {
  const verb = enabled ? 'enable' : 'disable';
  const scope = siteScope(input, { needCode: false });
  requireInstalled(scope.site, verb);
  return createPlan(`${verb} ${scope.site.alias}`, scope.heads.flatMap((head) => vhostWriteActions(scope, head, enabled, [])));
}
