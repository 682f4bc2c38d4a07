import type { ActionResult, ExecutorEvent, PlanResult } from '../../engine/index.js';

/** One line per finished action, as the task goes: status, server, what, how long. */
export function progressLine(event: ExecutorEvent): string | undefined {
  switch (event.type) {
    case 'action-end':
      return `  ${statusWord(event.result)} ${event.result.server}  ${describe(event.result)}\n`;
    case 'undo-start':
      return `  undoing ${event.server}  ${event.id}\n`;
    case 'undo-end':
      return event.ok ? undefined : `  UNDO FAILED ${event.server}  ${event.id}: ${event.error ?? 'unknown error'}\n`;
    default:
      return undefined;
  }
}

function statusWord(result: ActionResult): string {
  return result.status.padEnd(7);
}

function describe(result: ActionResult): string {
  const took = result.durationMs === undefined ? '' : ` (${formatMs(result.durationMs)})`;
  const error = result.status === 'failed' && result.error !== undefined ? `: ${result.error}` : '';
  return `${result.id}${took}${error}`;
}

/** The closing line of a task: its status and what its actions did. */
export function resultSummary(title: string, result: PlanResult): string {
  const count = (status: string): number => result.actions.filter((a) => a.status === status).length;
  const parts = ['changed', 'ok', 'failed', 'undone', 'skipped'].map((s) => [s, count(s)] as const).filter(([, n]) => n > 0);
  const detail = parts.length === 0 ? 'nothing to do' : parts.map(([s, n]) => `${n} ${s}`).join(', ');
  const failure = result.failure === undefined ? '' : `\n  failed at ${result.failure.actionId} on ${result.failure.server}: ${result.failure.reason}`;
  const warnings = (result.warnings ?? []).map((w) => `\n  warning: ${w}`).join('');
  return `${title}: ${result.status} (${detail}) in ${formatMs(result.durationMs)}${failure}${warnings}\n`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
