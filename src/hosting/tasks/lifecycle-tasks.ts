/**
 * The lifecycle verbs in the task registry (so the queue accepts them and locks their site).
 * They run in phases with work on the hub between them (src/hosting/backups/), through
 * `lifecycleRunner`; a runner that hands them to the one-plan path gets a clear refusal.
 */
import { AegirError } from '../../model/index.js';
import type { SiteTaskFacts } from '../../tasks/site-scope.js';
import type { TaskVerb } from '../../tasks/types.js';
import { siteServers } from '../../tasks/web-target.js';
import type { TaskDefinition } from './definition.js';

function lifecycleTask(verb: TaskVerb): TaskDefinition<SiteTaskFacts> {
  const refuse = (): never => {
    throw new AegirError('lifecycle_runner_needed', `'${verb}' runs in phases through the lifecycle runner (src/hosting/backups/lifecycle.ts), not as one plan`);
  };
  return { verb, targetKind: 'site', servers: siteServers, gather: () => Promise.resolve(refuse()), plan: refuse };
}

export const backupSiteTask = lifecycleTask('backup');
export const restoreSiteTask = lifecycleTask('restore');
export const cloneSiteTask = lifecycleTask('clone');
export const migrateSiteTask = lifecycleTask('migrate');
