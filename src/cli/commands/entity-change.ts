import type { Command } from 'commander';
import type { ChangedKind, PendingVerify } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { enqueueAndFollow } from './enqueue-follow.js';

export interface VerifyFlag {
  verify?: boolean;
}

/** `--verify` on add and set: queue the verifies that apply the change, and follow them. */
export function withVerifyFlag(command: Command): Command {
  return command.option('--verify', 'then queue the verify that applies it to the servers, and follow it');
}

export interface Change {
  readonly verb: 'added' | 'changed';
  readonly kind: ChangedKind;
  readonly alias: string;
  /** How it is named in the line: a site's uri, else its alias. */
  readonly name: string;
  /** A server's changed fields (`http.port`), which decide whether its platforms need a verify too. */
  readonly keys?: readonly string[];
}

/**
 * The line that says what an add or set did: recorded in the hub, and (unless `--verify`) what
 * applies it, e.g. `changed server @web1: recorded, not applied yet: run 'aegir verify @web1' (or
 * pass --verify)`. Returns the verifies, for `runVerifies`.
 */
export async function changeLine(ctx: CliContext, change: Change, verify: boolean): Promise<{ line: string; verifies: PendingVerify[] }> {
  const { pendingNote, pendingVerifies } = await import('../../hosting/index.js');
  const verifies = await withStore(ctx, async (store) => pendingVerifies(await store.loadInventory(), change.kind, change.alias, change.keys));
  const head = `${change.verb} ${change.kind} ${change.name}`;
  return { line: verify && verifies.length > 0 ? `${head}\n` : `${head}: ${pendingNote(change.kind, verifies, change.alias)}\n`, verifies };
}

/** Queues each verify in turn and follows it (stops at the first that fails: exit 1). */
export async function runVerifies(ctx: CliContext, verifies: readonly PendingVerify[]): Promise<void> {
  const { requestTask } = await import('../../hosting/index.js');
  for (const step of verifies) {
    await enqueueAndFollow(ctx, { wait: true }, (store) =>
      requestTask(store, ctx.actor, { verb: step.sites === true ? 'verify-fleet' : 'verify', target: step.target, args: {} }));
  }
}

/** Prints the change line, then applies it with `--verify`. */
export async function reportChange(ctx: CliContext, change: Change, flags: VerifyFlag): Promise<void> {
  const { line, verifies } = await changeLine(ctx, change, flags.verify === true);
  ctx.io.out(line);
  if (flags.verify === true) await runVerifies(ctx, verifies);
}
