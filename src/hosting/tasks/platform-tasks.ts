/**
 * `delete @platform` as the hub runs it: refused while the platform has sites; the code the hub
 * placed (a platform with a source) is removed from every web head; then the record goes.
 */
import { known } from '../../facts/index.js';
import { NotFoundError } from '../../model/index.js';
import { checkPlatformDeletable, planDeletePlatform } from '../../tasks/delete-platform.js';
import { platformOf, webServersOf } from '../../model/navigation.js';
import type { TaskDefinition } from './definition.js';
import { NO_ARGS, type NoArgs } from './site-tasks.js';

export const deletePlatformTask: TaskDefinition<NoArgs, Record<string, never>> = {
  verb: 'delete',
  targetKind: 'platform',
  args: NO_ARGS,
  servers: ({ inventory, target }) => webServersOf(inventory, platformOf(inventory, target)).map((s) => s.alias),
  check: ({ inventory, target }) => checkPlatformDeletable(inventory, target),
  facts: () => known({}),
  plan: planDeletePlatform,
  afterSuccess: async ({ store, target }) => {
    await store.transaction(async (tx) => {
      if ((await tx.platforms.get(target)) === undefined) throw new NotFoundError('platform', target);
      await tx.platforms.delete(target);
    });
  },
};
