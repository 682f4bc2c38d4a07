import type { Command } from 'commander';

/** The flags every task verb takes (verify, install, disable, enable, delete, backup, restore, clone, migrate). */
export interface TaskFlags {
  dryRun?: boolean;
  json?: boolean;
  acceptHostKey?: boolean;
  /** False with `--no-wait`. */
  wait: boolean;
}

/** Adds `--dry-run`, `--json`, `--accept-host-key` and `--no-wait`, worded the same on every verb. */
export function withTaskFlags(command: Command): Command {
  return command
    .option('--dry-run', 'print the plan and the diff of every file it would change; touch nothing')
    .option('--json', 'print the plan (with --dry-run) or the finished task as JSON; an error as {"error": {code, field, message}}')
    .option('--accept-host-key', "trust a server's SSH host key that is not pinned yet")
    .option('--no-wait', "queue the task, print its id and return (an 'aegir serve' runs it)");
}
