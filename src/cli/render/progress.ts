import type { ActionResult, ExecutorEvent, PlanResult } from '../../hosting/index.js';

/**
 * Live progress of a task, one line per event worth reading: the start (how many actions), each
 * finished action (status, server, id, time; a failure with its reason), an action still waiting
 * (every interval: what it waits for), each undo, and undo failures.
 */
export function progressLine(event: ExecutorEvent): string | undefined {
  switch (event.type) {
    case 'plan-start':
      return `${event.title}: ${event.actionCount} ${event.actionCount === 1 ? 'action' : 'actions'}\n`;
    case 'action-end':
      return actionLine(event.result);
    case 'action-waiting':
      return `  waiting ${event.server}  ${event.id} (${event.phase === 'undo' ? 'undo, ' : ''}${formatMs(event.waitedMs)} so far): ${event.description}\n`;
    case 'undo-start':
      return `  undoing ${event.server}  ${event.id}\n`;
    case 'undo-end':
      return event.ok ? undefined : `  UNDO FAILED ${event.server}  ${event.id}: ${event.error ?? 'unknown error'}\n`;
    default:
      return undefined;
  }
}

function actionLine(result: ActionResult): string {
  const took = result.durationMs === undefined ? '' : ` (${formatMs(result.durationMs)})`;
  if (result.status === 'failed') {
    return `  FAILED  ${result.server}  ${result.id}${took}: ${result.error ?? 'unknown error'}\n`;
  }
  const note = result.note === undefined ? '' : ` (${result.note})`;
  return `  ${result.status.padEnd(7)} ${result.server}  ${result.id}${took}${note}\n`;
}

/** Counts by status: `changed` and `failed` always, the others when there are some. */
export function resultCounts(result: PlanResult): string {
  const count = (status: string): number => result.actions.filter((a) => a.status === status).length;
  return ['changed', 'ok', 'failed', 'undone', 'skipped']
    .map((status) => [status, count(status)] as const)
    .filter(([status, n]) => n > 0 || status === 'changed' || status === 'failed')
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

/**
 * The end of a task: what failed (action, server, reason), undo failures and warnings, then a
 * closing line with the outcome and the counts, e.g. `verify @web1: succeeded (0 changed, 6 ok, 2 skipped) in 80 ms`.
 */
export function resultSummary(title: string, result: PlanResult): string {
  const lines: string[] = [];
  if (result.failure !== undefined) {
    lines.push(`failed: ${result.failure.actionId} on ${result.failure.server}: ${result.failure.reason}`);
  }
  for (const action of result.actions) {
    if (action.undoError !== undefined) lines.push(`undo failed: ${action.id} on ${action.server}: ${action.undoError} (check this server by hand)`);
  }
  for (const warning of result.warnings ?? []) lines.push(`warning: ${warning}`);
  lines.push(`${title}: ${result.status} (${resultCounts(result)}) in ${formatMs(result.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
