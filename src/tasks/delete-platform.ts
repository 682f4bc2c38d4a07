/**
 * `delete @platform`: refused while it has sites; the code the hub placed (a platform with a
 * source) is removed from every web head. A platform whose code was put in place by hand keeps it.
 */
import { AegirError, type Inventory } from '../model/index.js';
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
  const actions = platform.source === undefined ? [] : webServersOf(input.inventory, platform).map((head) => removePath({
    id: `files:${head.alias}:${platform.alias}:remove-code`, server: head.alias, path: platform.root, recursive: true,
  }));
  return createPlan(`delete ${platform.alias}`, actions);
}
