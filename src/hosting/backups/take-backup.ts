/**
 * One backup of a site: the plan fetches the dump and the site directory into a staging
 * directory on the hub; the hub packs them into the archive (0600), records it (size, sha256,
 * time, platform, db server) and removes the staging directory, unless the caller deploys from it
 * next (clone, migrate). On failure the partial archive and the staging directory are deleted.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AegirError, type Inventory } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import { insertBackup, type BackupRecord } from '../../store/backup-repository.js';
import { backupStamp, planBackupSite } from '../../tasks/backup-site.js';
import { serverByAlias, siteOf } from '../../tasks/web-target.js';
import type { PlanResult } from '../../engine/index.js';
import type { TaskConnections } from '../tasks/connections.js';
import { gatherSiteFacts } from '../tasks/site-facts.js';
import { archiveName, backupsDir, packArchive, stagingDir } from './archive.js';
import { hubFailure, runPhase, type LifecycleContext } from './run-phases.js';

export interface TakenBackup {
  readonly plan: Plan;
  readonly result?: PlanResult;
  readonly record?: BackupRecord;
  readonly stamp: string;
  /** Kept only when asked (`keepStaging`) and the backup succeeded. */
  readonly staging: string;
}

export async function takeBackup(
  ctx: LifecycleContext,
  connections: TaskConnections,
  inventory: Inventory,
  alias: string,
  options: { readonly task: string; readonly keepStaging?: boolean },
): Promise<TakenBackup> {
  const site = siteOf(inventory, alias);
  const dir = ctx.dryRun === true ? join(ctx.home, 'backups') : await backupsDir(ctx.home);
  let now = new Date();
  let stamp = backupStamp(now);
  // Two backups of a site within one second: the second waits for the next second.
  while (existsSync(join(dir, archiveName(site.uri, stamp)))) {
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    now = new Date();
    stamp = backupStamp(now);
  }
  const name = `${site.uri}-${stamp}`;
  const staging = ctx.dryRun === true ? join(dir, '.staging', name) : await stagingDir(ctx.home, name);
  const facts = await gatherSiteFacts(connections, inventory, alias, { code: false });
  const plan = planBackupSite({ inventory, target: alias, facts: { ...facts, stamp, staging } });
  if (ctx.dryRun === true) return { plan, stamp, staging };
  let keep = false;
  try {
    const result = await runPhase(ctx, connections, inventory, plan);
    if (result.status !== 'succeeded') return { plan, result, stamp, staging };
    const file = archiveName(site.uri, stamp);
    let packed: { size: number; sha256: string };
    try {
      packed = await packArchive(staging, join(dir, file));
    } catch (error) {
      return { plan, result: hubFailure(plan, error instanceof AegirError ? error.message : String(error)), stamp, staging };
    }
    const db = serverByAlias(inventory, site.db);
    const record = await insertBackup(ctx.store, {
      site: site.alias, file, size: packed.size, sha256: packed.sha256, takenAt: now.toISOString(),
      platform: site.platform, dbServer: site.db, dbKind: db.services.db.impl, task: options.task,
    }).catch(async (error: unknown) => {
      await rm(join(dir, file), { force: true });
      throw error;
    });
    ctx.onNotice?.(`backup ${record.id}: ${join(dir, file)} (${packed.size} bytes, sha256 ${packed.sha256})`);
    keep = options.keepStaging === true;
    return { plan, result, record, stamp, staging };
  } finally {
    if (!keep) await rm(staging, { recursive: true, force: true });
  }
}
