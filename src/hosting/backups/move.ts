/**
 * `clone @site new.uri` and `migrate @site [--platform] [--db] [--uri]` as the hub runs them:
 * refused before anything runs when the move is impossible; a fresh backup; the target's
 * credentials (new names on its db server, a new password, the site's own salt); the move plan;
 * then the records: a clone's new site enabled, a migrated site pointing at its new place (a new
 * uri: the new record kept, the old one removed). On failure a new record is removed again.
 */
import { rm } from 'node:fs/promises';
import { generateSecret, type Inventory, type Site } from '../../model/index.js';
import { siteCredentials } from '../../model/site.js';
import { checkMove, planMoveSite } from '../../tasks/move-site.js';
import { siteOf } from '../../tasks/web-target.js';
import type { TaskConnections } from '../tasks/connections.js';
import { gatherSiteFacts } from '../tasks/site-facts.js';
import { freeDbNames } from './restore.js';
import { joinPhases, runPhase, type LifecycleContext, type LifecycleOutcome, type Phase } from './run-phases.js';
import { takeBackup } from './take-backup.js';

export interface MoveArgs {
  readonly uri?: string;
  readonly platform?: string;
  readonly db?: string;
}

export async function runMove(
  ctx: LifecycleContext, connections: TaskConnections, inventory: Inventory, alias: string, mode: 'clone' | 'migrate', args: MoveArgs,
): Promise<LifecycleOutcome> {
  const source = siteOf(inventory, alias);
  const uri = args.uri ?? source.uri;
  const to = { uri, platform: args.platform ?? source.platform, db: args.db ?? source.db };
  checkMove(inventory, source, to, mode);
  const newRecord = uri !== source.uri;
  const sourceCredentials = siteCredentials(source);
  const base: Site = newRecord ? siteOf(inventory, `@${uri}`) : source;
  const names = await freeDbNames({ ...inventory, sites: [...inventory.sites.filter((s) => s.alias !== base.alias), { ...base, platform: to.platform, db: to.db }] }, base.alias, to.db);
  const target: Site = {
    ...base, platform: to.platform, db: to.db, status: source.status,
    dbName: names.database, dbUser: names.user, dbPassword: generateSecret(24),
    ...(sourceCredentials === undefined ? {} : { hashSalt: sourceCredentials.hashSalt }),
  };
  const title = `${mode} ${alias} to ${[uri, to.platform, to.db].join(' ')}`;
  let succeeded = false;
  const backup = await takeBackup(ctx, connections, inventory, alias, { task: mode, keepStaging: true });
  const phases: Phase[] = [backup];
  try {
    if (ctx.dryRun !== true && backup.result?.status !== 'succeeded') return joinPhases(ctx, title, phases);
    const targetInventory: Inventory = { ...inventory, sites: [...inventory.sites.filter((s) => s.alias !== target.alias), target] };
    const [sourceFacts, targetFacts] = await Promise.all([
      gatherSiteFacts(connections, inventory, alias, { code: false }),
      gatherSiteFacts(connections, targetInventory, target.alias),
    ]);
    const plan = planMoveSite({
      inventory, target: alias,
      facts: { mode, site: target, source: sourceFacts, target: targetFacts, stamp: backup.stamp, staging: backup.staging },
    });
    if (ctx.dryRun === true) return joinPhases(ctx, title, [...phases, { plan }]);
    const result = await runPhase(ctx, connections, inventory, plan);
    if (result.status === 'succeeded') {
      await record(ctx, source, target, mode);
      succeeded = true;
    }
    return joinPhases(ctx, title, [...phases, { plan, result }]);
  } finally {
    if (ctx.dryRun !== true) {
      await rm(backup.staging, { recursive: true, force: true });
      if (!succeeded && newRecord) await dropRecord(ctx, target.alias);
    }
  }
}

async function record(ctx: LifecycleContext, source: Site, target: Site, mode: 'clone' | 'migrate'): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    if (target.alias === source.alias) {
      await tx.sites.update(target);
      return;
    }
    await tx.sites.update({ ...target, status: source.status === 'disabled' ? 'disabled' : 'enabled' });
    if (mode === 'migrate') await tx.sites.delete(source.alias);
  });
}

async function dropRecord(ctx: LifecycleContext, alias: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const site = await tx.sites.get(alias);
    if (site !== undefined && (site.status === 'new' || site.status === 'failed')) await tx.sites.delete(alias);
  });
}
