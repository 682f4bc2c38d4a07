import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

interface ServeFlags {
  workers?: string;
  perServer?: string;
  pollMs?: string;
  leaseMs?: string;
  shutdownTimeout?: string;
  group?: string;
}

/**
 * `aegir serve`: the hub daemon running queued tasks. Settings come from flags, else from
 * AEGIR_WORKERS, AEGIR_PER_SERVER_TASKS, AEGIR_QUEUE_POLL_MS, AEGIR_QUEUE_LEASE_MS,
 * AEGIR_SHUTDOWN_TIMEOUT_MS, AEGIR_QUEUE_GROUP. Logs JSON lines on standard output.
 */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the hub daemon: workers that run queued tasks (SIGTERM stops it gracefully)')
    .option('--workers <n>', 'tasks run at once by this daemon (AEGIR_WORKERS, default 4)')
    .option('--per-server <n>', 'tasks at once on one server (AEGIR_PER_SERVER_TASKS, default 4)')
    .option('--poll-ms <ms>', 'look for work this often when not woken (AEGIR_QUEUE_POLL_MS, default 1000)')
    .option('--lease-ms <ms>', 'a claimed task is recovered by another worker this long after its worker stops renewing (default 30000)')
    .option('--shutdown-timeout <ms>', 'on SIGTERM, running tasks have this long before they are cancelled (default 30000)')
    .option('--group <n>', 'installs queued on one platform run together, up to this many as one plan; 1 runs each alone (AEGIR_QUEUE_GROUP, default 200)')
    .action(async (flags: ServeFlags) => {
      const { positiveInt, settingsFromEnv } = await import('../../hosting/index.js');
      const env = settingsFromEnv(process.env);
      const settings = {
        ...env,
        workers: positiveInt('--workers', flags.workers, env.workers),
        perServerLimit: positiveInt('--per-server', flags.perServer, env.perServerLimit),
        pollMs: positiveInt('--poll-ms', flags.pollMs, env.pollMs),
        leaseMs: positiveInt('--lease-ms', flags.leaseMs, env.leaseMs),
        shutdownTimeoutMs: positiveInt('--shutdown-timeout', flags.shutdownTimeout, env.shutdownTimeoutMs),
        groupLimit: positiveInt('--group', flags.group, env.groupLimit),
      };
      // Refuses an uninitialised hub the same way as every other command.
      await withStore(ctx, () => Promise.resolve());
      const { serveQueue } = await import('../../hosting/index.js');
      await serveQueue({ home: ctx.home, databaseUrl: ctx.databaseUrl, settings });
    });
}
