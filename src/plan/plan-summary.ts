import type { ActionKind, Plan } from './action.js';
import { countOf } from './describe.js';
import { fileChange, type PreviousContent } from './file-diff.js';
import { planServers } from './plan-queries.js';

const NOTHING: PreviousContent = () => undefined;

/** How each kind is counted, in the order the summary lists them (files first). */
const PHRASES: readonly (readonly [ActionKind, string, string])[] = [
  ['writeFile', 'file to write', 'files to write'],
  ['ensureDir', 'directory to ensure', 'directories to ensure'],
  ['removePath', 'path to remove', 'paths to remove'],
  ['pushTree', 'tree to push', 'trees to push'],
  ['fetchTree', 'tree to fetch', 'trees to fetch'],
  ['exec', 'command to run', 'commands to run'],
  ['sql', 'SQL batch to run', 'SQL batches to run'],
  ['configTest', 'config test', 'config tests'],
  ['reload', 'reload', 'reloads'],
  ['httpCheck', 'HTTP check', 'HTTP checks'],
];

/**
 * One line: `9 actions on 2 servers: 4 files to write (1 unchanged), 1 directory to ensure, ...`.
 * Kinds that do not occur are left out; `previous` decides which files are unchanged.
 */
export function summarisePlan(plan: Plan, previous: PreviousContent = NOTHING): string {
  if (plan.actions.length === 0) return '0 actions: nothing to do';
  const head = `${countOf(plan.actions.length, 'action')} on ${countOf(planServers(plan).length, 'server')}`;
  const parts = PHRASES.flatMap(([kind, singular, plural]) => {
    const actions = plan.actions.filter((action) => action.kind === kind);
    if (actions.length === 0) return [];
    const phrase = countOf(actions.length, singular, plural);
    if (kind !== 'writeFile') return [phrase];
    const unchanged = actions.filter(
      (action) => action.kind === 'writeFile' && fileChange(previous(action.server, action.path), action.content) === 'unchanged',
    ).length;
    return [`${phrase} (${unchanged} unchanged)`];
  });
  return `${head}: ${parts.join(', ')}`;
}
