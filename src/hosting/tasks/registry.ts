import { AegirError, findAlias, NotFoundError, type Inventory } from '../../model/index.js';
import { TASK_VERBS, type TaskTargetKind, type TaskVerb } from '../../tasks/types.js';
import { backupSiteTask, cloneSiteTask, migrateSiteTask, restoreSiteTask } from './lifecycle-tasks.js';
import { deletePlatformTask } from './platform-tasks.js';
import { registered, type RegisteredTask } from './registered.js';
import { deleteSiteTask, disableSiteTask, enableSiteTask, installSiteTask, verifySiteTask } from './site-tasks.js';
import { verifyFleetTask, verifyPlatformTask, verifyServerTask } from './verify-tasks.js';

/** Every task the hub can run, by verb and kind of target. One explicit table. */
const TASKS: { readonly [V in TaskVerb]: Partial<Record<TaskTargetKind, RegisteredTask>> } = {
  verify: { server: registered(verifyServerTask), platform: registered(verifyPlatformTask), site: registered(verifySiteTask) },
  install: { site: registered(installSiteTask) },
  disable: { site: registered(disableSiteTask) },
  enable: { site: registered(enableSiteTask) },
  delete: { site: registered(deleteSiteTask), platform: registered(deletePlatformTask) },
  'verify-fleet': { platform: registered(verifyFleetTask) },
  backup: { site: registered(backupSiteTask) },
  restore: { site: registered(restoreSiteTask) },
  clone: { site: registered(cloneSiteTask) },
  migrate: { site: registered(migrateSiteTask) },
};

/** The task for `verb` on the entity `target` names, or a clear refusal. */
export function taskFor(inventory: Inventory, verb: TaskVerb, target: string): RegisteredTask {
  const found = findAlias(inventory, target);
  if (found === undefined) throw new NotFoundError('entity', target);
  const kind = found.kind === 'cluster' ? undefined : found.kind;
  const task = kind === undefined ? undefined : TASKS[verb][kind];
  if (task === undefined) {
    throw new AegirError('unsupported_task', `'${verb}' cannot be run on ${found.kind} ${target}`, { exitCode: 2 });
  }
  return task;
}

/** The verbs whose tasks may be claimed and run together. */
export function groupableVerbs(): TaskVerb[] {
  return TASK_VERBS.filter((verb) => Object.values(TASKS[verb]).some((task) => task?.groupable === true));
}
