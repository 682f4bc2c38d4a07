import { AegirError, findAlias, NotFoundError, type Inventory } from '../../model/index.js';
import type { TaskTargetKind, TaskVerb } from '../../tasks/types.js';
import type { TaskDefinition } from './definition.js';
import { backupSiteTask, cloneSiteTask, migrateSiteTask, restoreSiteTask } from './lifecycle-tasks.js';
import { deleteSiteTask, disableSiteTask, enableSiteTask, installSiteTask, verifySiteTask } from './site-tasks.js';
import { verifyFleetTask } from './verify-fleet.js';
import { verifyPlatformTask } from './verify-platform.js';
import { verifyServerTask } from './verify-server.js';

/** Every task the hub can run, by verb and kind of target. One explicit table. */
const TASKS: { readonly [V in TaskVerb]: Partial<Record<TaskTargetKind, TaskDefinition<unknown>>> } = {
  verify: {
    server: verifyServerTask as TaskDefinition<unknown>,
    platform: verifyPlatformTask as TaskDefinition<unknown>,
    site: verifySiteTask as TaskDefinition<unknown>,
  },
  install: { site: installSiteTask as TaskDefinition<unknown> },
  disable: { site: disableSiteTask as TaskDefinition<unknown> },
  enable: { site: enableSiteTask as TaskDefinition<unknown> },
  delete: { site: deleteSiteTask as TaskDefinition<unknown> },
  'verify-fleet': { platform: verifyFleetTask as TaskDefinition<unknown> },
  backup: { site: backupSiteTask as TaskDefinition<unknown> },
  restore: { site: restoreSiteTask as TaskDefinition<unknown> },
  clone: { site: cloneSiteTask as TaskDefinition<unknown> },
  migrate: { site: migrateSiteTask as TaskDefinition<unknown> },
};

/** The task for `verb` on the entity `target` names, or a clear refusal. */
export function taskFor(inventory: Inventory, verb: TaskVerb, target: string): TaskDefinition<unknown> {
  const found = findAlias(inventory, target);
  if (found === undefined) throw new NotFoundError('entity', target);
  const kind = found.kind === 'cluster' ? undefined : found.kind;
  const task = kind === undefined ? undefined : TASKS[verb][kind];
  if (task === undefined) {
    throw new AegirError('unsupported_task', `'${verb}' cannot be run on ${found.kind} ${target}`, { exitCode: 2 });
  }
  return task;
}
