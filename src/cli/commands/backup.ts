import type { Command } from 'commander';
import type { LifecycleAsk } from '../../hosting/backups/use-cases.js';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { logLine, taskSummary } from './task-render.js';

export interface LifecycleCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  wait: boolean;
}

/** Adds the options every lifecycle verb takes. */
export function lifecycleOptions(command: Command): Command {
  return command
    .option('--dry-run', 'print the plan of every phase; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the finished task as JSON')
    .option('--no-wait', 'queue the task, print its id and return');
}

/**
 * Queues a lifecycle task and follows it to its end (a line per action), or prints its plan with
 * --dry-run. A running `aegir serve` runs it, else this process does.
 */
export async function runLifecycleCommand(ctx: CliContext, ask: LifecycleAsk, opts: LifecycleCommandOptions): Promise<void> {
  const { awaitLifecycle, dryRunLifecycle, requestLifecycle } = await import('../../hosting/backups/use-cases.js');
  if (opts.dryRun === true) {
    const outcome = await withStore(ctx, (store) => dryRunLifecycle(store, ctx.actor, ctx.home, ask));
    if (outcome.kind === 'dry-run') ctx.io.out(opts.json === true ? `${outcome.json}\n` : outcome.text);
    return;
  }
  const task = await withStore(ctx, async (store) => {
    const id = await requestLifecycle(store, ctx.actor, ask);
    if (!opts.wait) return id;
    const stop = new AbortController();
    const onSigint = (): void => stop.abort();
    process.once('SIGINT', onSigint);
    try {
      return await awaitLifecycle(store, ctx.home, id, (entry) => {
        if (opts.json === true) return;
        const line = logLine(entry);
        if (line.out !== undefined) ctx.io.out(line.out);
        if (line.err !== undefined) ctx.io.err(line.err);
      }, stop.signal);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  });
  if (typeof task === 'number') {
    ctx.io.out(`${task}\n`);
    return;
  }
  ctx.io.out(opts.json === true ? renderJson(task) : taskSummary(task));
  if (task.status !== 'succeeded') {
    throw new AegirError(`task_${task.status}`, `task ${task.id} (${task.verb} ${task.target}) ${task.status}${task.error === undefined ? '' : `: ${task.error}`}`);
  }
}

/** `aegir backup @site`, `aegir backup list @site [--json]`, `aegir backup delete @site ID`. */
export function registerBackup(program: Command, ctx: CliContext): void {
  const backup = lifecycleOptions(program
    .command('backup')
    .description('back up a site: a consistent database dump, its directory and uploads, in one archive on the hub')
    .argument('<site>', 'the site, e.g. @wiki.example.com'))
    .action(async (site: string, opts: LifecycleCommandOptions) => {
      await runLifecycleCommand(ctx, { verb: 'backup', site }, opts);
    });
  backup
    .command('list')
    .description("list a site's backups, newest first")
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .option('--json', 'print the backups as JSON')
    .action(async (site: string, _opts: unknown, command: Command) => {
      // `--json` may be taken by the parent `backup` command: read it from either.
      const opts = command.optsWithGlobals<{ json?: boolean }>();
      const { siteBackups } = await import('../../hosting/backups/use-cases.js');
      const backups = await withStore(ctx, (store) => siteBackups(store, ctx.actor, site));
      if (opts.json === true) {
        ctx.io.out(renderJson(backups));
        return;
      }
      ctx.io.out(renderTable(['id', 'taken', 'file', 'bytes', 'platform', 'db', 'sha256'],
        backups.map((b) => [String(b.id), b.takenAt, b.file, String(b.size), b.platform, b.dbServer, b.sha256.slice(0, 16)])));
    });
  backup
    .command('delete')
    .description('delete a backup: its archive and its record')
    .argument('<site>', 'the site, e.g. @wiki.example.com')
    .argument('<id>', 'the backup id (aegir backup list)')
    .action(async (site: string, id: string) => {
      const { deleteBackup, parseBackupId } = await import('../../hosting/backups/use-cases.js');
      const removed = await withStore(ctx, (store) => deleteBackup(store, ctx.actor, ctx.home, site, parseBackupId(id)));
      ctx.io.out(`deleted backup ${removed.id} (${removed.file})\n`);
    });
}
