/**
 * The backup every destructive or moving verb takes first (restore, clone, migrate, delete): its
 * stamp, an unguessable token for its directories and the hub's paths asked as facts, and its
 * archive recorded once the plan succeeded.
 */
import { andThen, ask, both, type FactStep } from '../../facts/index.js';
import type { Inventory, Site } from '../../model/index.js';
import type { BackupRun } from '../../tasks/backup-site.js';
import { archiveName } from '../../tasks/hub-actions.js';
import { backupNotice, recordBackup } from '../backups/archive.js';
import type { HookContext } from './definition.js';

/** The fresh backup's stamp, an unguessable token for its directories, and the hub's paths. */
export function backupRunStep(uri: string): FactStep<BackupRun> {
  return ask({
    stamp: { kind: 'backup-stamp', uri },
    token: { kind: 'token' },
    hub: { kind: 'hub-paths' },
  }, (answers) => ({ stamp: answers.stamp.stamp, takenAt: answers.stamp.takenAt, token: answers.token, hub: answers.hub }));
}

/** `step`'s facts with the fresh backup's, asked side by side. */
export function withBackupRun<F, G>(step: FactStep<F>, uri: string, join: (facts: F, run: BackupRun) => G): FactStep<G> {
  return andThen(both(step, backupRunStep(uri)), ([facts, run]) => join(facts, run));
}

/** Records the fresh backup a lifecycle plan packed. */
export async function recordRun(ctx: HookContext<unknown, unknown>, inventory: Inventory, site: Site, run: BackupRun, task: string): Promise<void> {
  const record = await recordBackup(ctx.store, inventory, {
    site: site.alias, archive: `${run.hub.backups}/${archiveName(site.uri, run.stamp)}`, takenAt: run.takenAt, task,
  });
  ctx.notice(backupNotice(record, ctx.home));
}
