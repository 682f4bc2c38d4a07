import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { fullLogLine, taskDetails, taskSummary, taskTable } from './task-render.js';

/** The queue's use cases, loaded when a `task` command runs. */
const useCases = (): Promise<typeof import('../../hosting/index.js')> => import('../../hosting/index.js');

/** `aegir task list|show|log|cancel|retry`: the queue as people see it. */
export function registerTask(program: Command, ctx: CliContext): void {
  const task = program.command('task').description('the task queue: list, show, follow, cancel and retry tasks');

  task.command('list')
    .description('list tasks, newest first')
    .option('--status <status>', 'queued | running | succeeded | failed | cancelled')
    .option('--entity <alias>', 'tasks on this entity, or on what stands on it')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; entity?: string; limit?: string; json?: boolean }) => {
      const [{ listQueue }, { positiveInt }] = await Promise.all([useCases(), import('../../hosting/index.js')]);
      const tasks = await withStore(ctx, (store) =>
        listQueue(store, ctx.actor, {
          ...(opts.status === undefined ? {} : { status: opts.status }),
          ...(opts.entity === undefined ? {} : { entity: opts.entity }),
          limit: positiveInt('--limit', opts.limit, 100),
        }),
      );
      ctx.io.out(opts.json === true ? renderJson(tasks) : taskTable(tasks));
    });

  task.command('show')
    .description("a task's status, times, locks and per-action results")
    .argument('<id>', 'the task id')
    .option('--json', 'print JSON (with the plan and the full result)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { parseTaskId, showTask } = await useCases();
      const found = await withStore(ctx, (store) => showTask(store, ctx.actor, parseTaskId(id)));
      ctx.io.out(opts.json === true ? renderJson(found) : taskDetails(found));
    });

  task.command('log')
    .description("a task's log: every executor event; --follow waits for the end")
    .argument('<id>', 'the task id')
    .option('--follow', 'print new rows as they are written, until the task ends')
    .action(async (id: string, opts: { follow?: boolean }) => {
      const [{ parseTaskId, showTask, taskLog }, { followTask }] = await Promise.all([useCases(), import('../../hosting/index.js')]);
      const taskId = parseTaskId(id);
      await withStore(ctx, async (store) => {
        if (opts.follow !== true) {
          for (const entry of await taskLog(store, ctx.actor, taskId)) ctx.io.out(fullLogLine(entry));
          return;
        }
        const task = await showTask(store, ctx.actor, taskId);
        if (task.status === 'queued') {
          const { isDaemonRunning, noDaemonNotice } = await import('../../hosting/index.js');
          if (!(await isDaemonRunning(store))) ctx.io.err(`aegir: warning: ${noDaemonNotice(taskId)}; waiting (Ctrl-C stops following, the task stays queued)\n`);
        }
        // A reader that went away (`| head`) ends the follow; the task itself goes on.
        const finished = await followTask(store, taskId, (entry) => ctx.io.out(fullLogLine(entry)), ctx.io.outputClosed ? { signal: ctx.io.outputClosed } : {});
        ctx.io.out(taskSummary(finished));
      });
    });

  task.command('cancel')
    .description('cancel a queued task, or stop a running one (it rolls back)')
    .argument('<id>', 'the task id')
    .action(async (id: string) => {
      const { cancelQueuedTask, parseTaskId } = await useCases();
      const after = await withStore(ctx, (store) => cancelQueuedTask(store, ctx.actor, parseTaskId(id)));
      ctx.io.out(after.status === 'cancelled' ? `task ${after.id} cancelled\n` : `task ${after.id}: cancel requested; it stops after its current actions and rolls back\n`);
    });

  task.command('retry')
    .description('queue a failed or cancelled task again (prints the new task id)')
    .argument('<id>', 'the task id')
    .action(async (id: string) => {
      const { parseTaskId, retryQueuedTask } = await useCases();
      const newId = await withStore(ctx, (store) => retryQueuedTask(store, ctx.actor, parseTaskId(id)));
      ctx.io.out(`${newId}\n`);
    });
}
