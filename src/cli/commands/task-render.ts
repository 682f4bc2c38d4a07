import type { ExecutorEvent, PlanResult } from '../../hosting/index.js';
import type { TaskLogEntry, TaskRecord } from '../../hosting/index.js';
import { progressLine, resultSummary } from '../render/progress.js';
import { renderTable } from '../render/table.js';

/** One log row as people read it: a progress line per action, and the queue's own notes. */
export function logLine(entry: TaskLogEntry): { out?: string; err?: string } {
  const data = entry.data as Record<string, unknown>;
  switch (entry.type) {
    case 'claimed':
      return entry.attempt > 1 ? { out: `  attempt ${entry.attempt} (${String(data.owner)})\n` } : {};
    case 'recovered':
      return { out: `  recovered: ${String(data.reason)}\n` };
    case 'cancel-requested':
      return { out: `  cancel requested by ${String(data.by)}\n` };
    case 'notice':
      return { err: `${String(data.text)}\n` };
    case 'task-end':
      return {};
    default: {
      const line = progressLine({ ...data, type: entry.type, at: entry.at } as unknown as ExecutorEvent);
      return line === undefined ? {} : { out: line };
    }
  }
}

/** Every row, for `task log`: time, attempt, type and the line. */
export function fullLogLine(entry: TaskLogEntry): string {
  const at = new Date(entry.at).toISOString();
  const line = logLine(entry);
  const text = (line.out ?? line.err ?? '').trim() || JSON.stringify(entry.data);
  return `${at}  #${entry.attempt}  ${entry.type.padEnd(16)} ${text}\n`;
}

export function titleOf(task: TaskRecord): string {
  const plan = task.plan as { title?: unknown } | undefined;
  return typeof plan?.title === 'string' ? plan.title : `${task.verb} ${task.target}`;
}

/**
 * The closing lines of a finished task; the last one is `<title>: <status> (...) (task N)`, as
 * a task run in-process ends.
 */
export function taskSummary(task: TaskRecord): string {
  const result = task.result as PlanResult | undefined;
  const text = result !== undefined && Array.isArray(result.actions)
    ? resultSummary(titleOf(task), result)
    : `${titleOf(task)}: ${task.status}`; // why it failed goes to stderr, with the exit code
  return `${text.trimEnd()} (task ${task.id})\n`;
}

export function taskTable(tasks: readonly TaskRecord[]): string {
  return renderTable(
    ['ID', 'STATUS', 'VERB', 'TARGET', 'BY', 'CREATED', 'FINISHED'],
    tasks.map((t) => [String(t.id), t.status, t.verb, t.target, t.requestedBy, t.createdAt, t.finishedAt ?? '']),
  );
}

export function taskDetails(task: TaskRecord): string {
  const rows: [string, string | undefined][] = [
    ['id', String(task.id)],
    ['task', `${task.verb} ${task.target}`],
    ['status', task.status + (task.cancelRequested && task.status === 'running' ? ' (cancel requested)' : '')],
    ['requested by', task.requestedBy],
    ['priority', String(task.priority)],
    ['depends on', task.dependsOn === undefined ? undefined : String(task.dependsOn)],
    ['retry of', task.retryOf === undefined ? undefined : String(task.retryOf)],
    ['created', task.createdAt],
    ['started', task.startedAt],
    ['finished', task.finishedAt],
    ['attempt', String(task.attempt)],
    ['worker', task.leaseOwner],
    ['locks', task.locks.map((l) => `${l.entity} (${l.mode})`).join(', ')],
    ['error', task.error],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const text = rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
  const result = task.result as PlanResult | undefined;
  const actions = result?.actions?.map((a) => `  ${a.status.padEnd(7)} ${a.server}  ${a.id}${a.durationMs === undefined ? '' : ` (${a.durationMs} ms)`}`) ?? [];
  if (actions.length > 0) return `${text}\nactions:\n${actions.join('\n')}\n`;
  // Planned, not finished: the stored plan (a running task's).
  const plan = task.plan as { title?: unknown; actions?: readonly { id?: unknown; server?: unknown }[] } | undefined;
  const planned = Array.isArray(plan?.actions) ? plan.actions.map((a) => `  planned ${String(a.server)}  ${String(a.id)}`) : [];
  return `${text}\n${planned.length > 0 ? `plan: ${titleOf(task)}\n${planned.join('\n')}\n` : ''}`;
}
