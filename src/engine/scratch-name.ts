import { createHash } from 'node:crypto';
import { FRESH_DIR_SCRIPT } from '../plan/scratch.js';
import { runChecked } from './remote-command.js';
import type { StepContext } from './step.js';

/**
 * A name for the executor's scratch entries on a server (trash, backups), unique per run and
 * action, and safe in any path: `<kind>-<run>-<hash of the action id>`. The run id is random, so
 * the name cannot be guessed.
 */
export function scratchName(kind: 'trash' | 'backup', runId: string, actionId: string): string {
  const digest = createHash('sha256').update(actionId).digest('hex').slice(0, 12);
  return `${kind}-${runId}-${digest}`;
}

/**
 * Makes a fresh, empty directory for an action's trash or transfer backup in `<workDir>/trash` on
 * the action's server (never one that exists; the parents checked to be Aegir's alone); its path.
 */
export async function freshTrash(ctx: StepContext, kind: 'trash' | 'backup', actionId: string): Promise<string> {
  const name = scratchName(kind, ctx.runId, actionId);
  await runChecked(ctx.transport, ['sh', '-c', FRESH_DIR_SCRIPT, 'sh', ctx.workDir, 'trash', name]);
  return `${ctx.workDir}/trash/${name}`;
}
