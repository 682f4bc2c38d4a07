/**
 * `delete @platform`: refused while it has sites; the code the hub placed (a platform with a
 * source) is removed from every web head. A platform whose code was put in place by hand keeps it.
 */
import { AegirError, checkRemovalPath, type Inventory } from '../model/index.js';
import { createPlan, removePath, type Plan } from '../plan/index.js';
import type { PlanInput } from './types.js';
import { platformOf, sitesOfPlatform, webServersOf } from './web-target.js';

export function checkPlatformDeletable(inventory: Inventory, target: string): void {
  platformOf(inventory, target);
  const sites = sitesOfPlatform(inventory, target);
  if (sites.length > 0) {
    throw new AegirError('platform_has_sites', `${target} still has ${sites.length} site(s): ${sites.map((s) => s.alias).join(', ')}; migrate or delete them first`, { exitCode: 2 });
  }
}

export function planDeletePlatform(input: PlanInput<unknown>): Plan {
  checkPlatformDeletable(input.inventory, input.target);
  const platform = platformOf(input.inventory, input.target);
  const heads = platform.source === undefined ? [] : webServersOf(input.inventory, platform);
  // Never remove what another entity owns, even in a layout that was not validated (a nested root).
  for (const head of heads) checkRemovalPath(input.inventory, { server: head.alias, path: platform.root, owner: { kind: 'platform', alias: platform.alias } });
  const actions = heads.map((head) => removePath({
    id: `files:${head.alias}:${platform.alias}:remove-code`, server: head.alias, path: platform.root, recursive: true,
  }));
  return createPlan(`delete ${platform.alias}`, actions);
}
