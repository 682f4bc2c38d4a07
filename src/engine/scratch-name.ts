import { createHash } from 'node:crypto';

/**
 * A name for the executor's scratch entries on a server (trash, backups), unique per run and
 * action, and safe in any path: `.aegir-trash-<run>-<hash of the action id>`.
 */
export function scratchName(kind: 'trash' | 'backup', runId: string, actionId: string): string {
  const digest = createHash('sha256').update(actionId).digest('hex').slice(0, 12);
  return `.aegir-${kind}-${runId}-${digest}`;
}
