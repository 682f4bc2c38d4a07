/**
 * `delete @platform`: refused while it has sites; the code the hub placed (a platform with a
 * source) is removed from every web head. A platform whose code was put in place by hand keeps it.
 */
import { AegirError, checkRemovalPath, type Inventory, type Server } from '../model/index.js';
import { createPlan, removePath, type Plan } from '../plan/index.js';
import type { PlanInput } from './types.js';
import { platformOf, sitesOfPlatform, webServersOf } from '../model/navigation.js';

/**
 * A platform goes only without sites, and its code only when removing it takes nothing another
 * entity owns (checked against the inventory, even a layout that was never validated: a nested root).
 */
export function checkPlatformDeletable(inventory: Inventory, target: string): void {
  const platform = platformOf(inventory, target);
  const sites = sitesOfPlatform(inventory, target);
  if (sites.length > 0) {
    throw new AegirError('platform_has_sites', `${target} still has ${sites.length} site(s): ${sites.map((s) => s.alias).join(', ')}; migrate or delete them first`, { exitCode: 2 });
  }
  for (const head of codeHeads(inventory, target)) {
    checkRemovalPath(inventory, { server: head.alias, path: platform.root, owner: { kind: 'platform', alias: platform.alias } });
  }
}

/** The web heads whose code the hub placed (a platform with a source): a delete removes it there. */
function codeHeads(inventory: Inventory, target: string): Server[] {
  const platform = platformOf(inventory, target);
  return platform.source === undefined ? [] : webServersOf(inventory, platform);
}

export function planDeletePlatform(input: PlanInput<unknown>): Plan {
  checkPlatformDeletable(input.inventory, input.target);
  const platform = platformOf(input.inventory, input.target);
  const actions = codeHeads(input.inventory, input.target).map((head) => removePath({
    id: `files:${head.alias}:${platform.alias}:remove-code`, server: head.alias, path: platform.root, recursive: true,
  }));
  return createPlan(`delete ${platform.alias}`, actions);
}
