/**
 * backup, restore, clone and migrate as the hub runs them: each one plan (hub steps included) with
 * its facts asked as data, and its records written once the plan succeeded: the archive of the
 * fresh backup every one of them takes, a restored site's new database, a clone's new site, a
 * migrated site's new place. A clone's or a renamed site's new record (added when the task was
 * queued) is removed again when its plan failed.
 */
import { z } from 'zod';
import { andThen, ask, both } from '../../facts/index.js';
import { parseAlias, parseUri, uriOfAlias, type Inventory, type Site } from '../../model/index.js';
import { siteCredentials } from '../../model/site.js';
import type { Store } from '../../store/index.js';
import { planBackupSite, type BackupFacts } from '../../tasks/backup-site.js';
import { checkMove, planMoveSite, type MoveFacts } from '../../tasks/move-site.js';
import { planRestoreSite, type RestoreFacts } from '../../tasks/restore-site.js';
import { newDbNames, SITE_PASSWORD_BYTES, siteFactStep } from '../../tasks/site-facts.js';
import { siteOf, siteServers } from '../../model/navigation.js';
import type { TaskDefinition, TaskInput } from './definition.js';
import { recordRun, withBackupRun } from './backup-run.js';
import { NO_ARGS, type NoArgs } from './site-tasks.js';

const siteServersOf = ({ inventory, target }: TaskInput<unknown>): string[] => siteServers(inventory, target);

export const backupSiteTask: TaskDefinition<NoArgs, BackupFacts> = {
  verb: 'backup',
  targetKind: 'site',
  args: NO_ARGS,
  servers: siteServersOf,
  facts: ({ inventory, target }) => withBackupRun(siteFactStep(inventory, target, { code: false }), siteOf(inventory, target).uri, (site, backup) => ({ ...site, backup })),
  plan: planBackupSite,
  afterSuccess: async (ctx) => {
    const inventory = await ctx.store.loadInventory();
    await recordRun(ctx, inventory, siteOf(inventory, ctx.target), ctx.facts.backup, 'backup');
  },
};

export const RESTORE_ARGS = z.object({ backup: z.number().int().positive().optional() }).strict();

export const restoreSiteTask: TaskDefinition<z.infer<typeof RESTORE_ARGS>, RestoreFacts> = {
  verb: 'restore',
  targetKind: 'site',
  args: RESTORE_ARGS,
  servers: siteServersOf,
  facts: ({ inventory, target, args }) => {
    const site = siteOf(inventory, target);
    const chosen = andThen(siteFactStep(inventory, target), (facts) => ask({
      chosen: { kind: 'backup', site: site.alias, ...(args.backup === undefined ? {} : { id: args.backup }) },
      taken: { kind: 'db-names', server: site.db },
    }, (answers) => ({ ...facts, chosen: answers.chosen, newDbName: newDbNames(inventory, site, answers.taken).dbName })));
    return withBackupRun(chosen, site.uri, (facts, backup) => ({ ...facts, backup }));
  },
  plan: planRestoreSite,
  afterSuccess: async (ctx) => {
    const inventory = await ctx.store.loadInventory();
    await recordRun(ctx, inventory, siteOf(inventory, ctx.target), ctx.facts.backup, 'restore');
    await ctx.store.transaction(async (tx) => {
      const current = await tx.sites.get(ctx.target);
      if (current !== undefined) await tx.sites.update({ ...current, dbName: ctx.facts.newDbName });
    });
  },
};

export interface MoveArgs {
  readonly uri?: string;
  readonly platform?: string;
  readonly db?: string;
}

/** The arguments of a clone or migrate as the task keeps them: the uri and the aliases normalised (refused when invalid). */
export function normalMoveArgs(args: MoveArgs): MoveArgs {
  return {
    ...(args.uri === undefined ? {} : { uri: parseUri('uri', uriOfAlias(args.uri)) }),
    ...(args.platform === undefined ? {} : { platform: parseAlias('platform', args.platform) }),
    ...(args.db === undefined ? {} : { db: parseAlias('db', args.db) }),
  };
}

export const MOVE_ARGS = z.object({
  uri: z.string().optional(),
  platform: z.string().optional(),
  db: z.string().optional(),
}).strict().transform(normalMoveArgs);

/** Where the site goes: the given uri, platform and db server, or where it is now. */
export function moveTarget(source: Site, args: MoveArgs): Pick<Site, 'uri' | 'platform' | 'db'> {
  return { uri: args.uri ?? source.uri, platform: args.platform ?? source.platform, db: args.db ?? source.db };
}

function moveTask(mode: 'clone' | 'migrate'): TaskDefinition<MoveArgs, MoveFacts> {
  return {
    verb: mode,
    targetKind: 'site',
    args: MOVE_ARGS,
    servers: ({ inventory, target, args }) => {
      const source = siteOf(inventory, target);
      const to = moveTarget(source, args);
      const base = to.uri === source.uri ? source : siteOf(inventory, `@${to.uri}`);
      return [...new Set([...siteServers(inventory, target), ...siteServers(withSite(inventory, { ...base, ...to }), `@${to.uri}`)])];
    },
    check: ({ inventory, target, args }) => checkMove(inventory, siteOf(inventory, target), moveTarget(siteOf(inventory, target), args), mode),
    facts: ({ inventory, target, args }) => {
      const source = siteOf(inventory, target);
      const to = moveTarget(source, args);
      const base = to.uri === source.uri ? source : siteOf(inventory, `@${to.uri}`);
      const credentials = siteCredentials(source);
      const step = ask({
        taken: { kind: 'db-names', server: to.db },
        password: { kind: 'secret', bytes: SITE_PASSWORD_BYTES },
      }, (answers) => {
        const names = newDbNames(withSite(inventory, { ...base, ...to }), { alias: base.alias, uri: to.uri, db: to.db }, answers.taken);
        const site: Site = {
          ...base, platform: to.platform, db: to.db, status: source.status,
          dbName: names.dbName, dbUser: names.dbUser, dbPassword: answers.password,
          ...(credentials === undefined ? {} : { hashSalt: credentials.hashSalt }),
        };
        return andThen(both(siteFactStep(inventory, target, { code: false }), siteFactStep(withSite(inventory, site), site.alias)),
          ([sourceFacts, targetFacts]) => ({ mode, site, source: sourceFacts, target: targetFacts }));
      });
      return withBackupRun(step, source.uri, (facts, backup): MoveFacts => ({ ...facts, backup }));
    },
    plan: planMoveSite,
    afterSuccess: async (ctx) => {
      const inventory = await ctx.store.loadInventory();
      const source = siteOf(inventory, ctx.target);
      await recordRun(ctx, inventory, source, ctx.facts.backup, mode);
      await recordMove(ctx.store, source, ctx.facts.site, mode);
    },
    afterFailure: async ({ store, target, args }) => {
      const source = await store.sites.get(target);
      if (source !== undefined && args.uri !== undefined && args.uri !== source.uri) await dropNewRecord(store, `@${args.uri}`);
    },
  };
}

export const cloneSiteTask = moveTask('clone');
export const migrateSiteTask = moveTask('migrate');

/** The inventory with `site` in it (replacing the record of the same alias). */
function withSite(inventory: Inventory, site: Site): Inventory {
  return { ...inventory, sites: [...inventory.sites.filter((s) => s.alias !== site.alias), site] };
}

async function recordMove(store: Store, source: Site, target: Site, mode: 'clone' | 'migrate'): Promise<void> {
  await store.transaction(async (tx) => {
    if (target.alias === source.alias) {
      await tx.sites.update(target);
      return;
    }
    await tx.sites.update({ ...target, status: source.status === 'disabled' ? 'disabled' : 'enabled' });
    if (mode === 'migrate') await tx.sites.delete(source.alias);
  });
}

/** A new record the task made and could not fill: removed while nothing installed it. */
async function dropNewRecord(store: Store, alias: string): Promise<void> {
  await store.transaction(async (tx) => {
    const site = await tx.sites.get(alias);
    if (site !== undefined && (site.status === 'new' || site.status === 'failed')) await tx.sites.delete(alias);
  });
}
