/**
 * The site tasks as the hub runs them: which servers they touch, the facts they ask for, their
 * planners, and what they record on success (the site's status; delete removes the record).
 * `install` first makes and stores the site's credentials (`prepare`), marks the site `failed`
 * when its plan failed, runs in groups, and before a rerun after a lost attempt undoes what that
 * attempt did with the delete plan. `delete` is refused unless the site is disabled or forced.
 */
import { z } from 'zod';
import { checkRemovalPath, siteDirOf, type Site, type SiteStatus } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { andThen, both, known } from '../../facts/index.js';
import { siteCredentials } from '../../model/site.js';
import { createPlan } from '../../plan/index.js';
import { checkDeletable, planDeleteSite, type DeleteFacts } from '../../tasks/delete-site.js';
import { planInstallSite } from '../../tasks/install-site.js';
import { siteFactStep } from '../../tasks/site-facts.js';
import type { SiteTaskFacts } from '../../tasks/site-scope.js';
import { planDisableSite, planEnableSite } from '../../tasks/site-status.js';
import { planVerifySite } from '../../tasks/verify-site.js';
import { platformOf, siteOf, siteServers, webServersOf } from '../../model/navigation.js';
import type { TaskDefinition } from './definition.js';
import { backupRunStep, recordRun } from './backup-run.js';
import { ensureSitesCredentials } from './site-credentials.js';

export async function setSiteStatus(store: Store, alias: string, status: SiteStatus): Promise<void> {
  await store.transaction(async (tx) => {
    const site: Site | undefined = await tx.sites.get(alias);
    if (site !== undefined && site.status !== status) await tx.sites.update({ ...site, status });
  });
}

export const NO_ARGS = z.object({}).strict();
export type NoArgs = z.infer<typeof NO_ARGS>;

const servers = ({ inventory, target }: { readonly inventory: Parameters<typeof siteServers>[0]; readonly target: string }): string[] => siteServers(inventory, target);

export const installSiteTask: TaskDefinition<NoArgs, SiteTaskFacts> = {
  verb: 'install',
  targetKind: 'site',
  args: NO_ARGS,
  groupable: true,
  beforeRerun: { undoWith: 'delete', args: { backup: false }, siteStatus: 'failed' },
  servers,
  prepare: async (ctx, targets) => {
    await ensureSitesCredentials(ctx, targets.map((t) => t.target));
  },
  facts: ({ inventory, target }) => siteFactStep(inventory, target, { install: true }),
  plan: planInstallSite,
  afterSuccess: ({ store, target }) => setSiteStatus(store, target, 'enabled'),
  afterFailure: ({ store, target }) => setSiteStatus(store, target, 'failed'),
};

export const verifySiteTask: TaskDefinition<NoArgs, SiteTaskFacts> = {
  verb: 'verify',
  targetKind: 'site',
  args: NO_ARGS,
  servers,
  facts: ({ inventory, target }) => siteFactStep(inventory, target),
  plan: planVerifySite,
};

export const disableSiteTask: TaskDefinition<NoArgs, SiteTaskFacts> = {
  verb: 'disable',
  targetKind: 'site',
  args: NO_ARGS,
  servers,
  facts: ({ inventory, target }) => siteFactStep(inventory, target, { db: false, code: false }),
  plan: planDisableSite,
  afterSuccess: ({ store, target }) => setSiteStatus(store, target, 'disabled'),
};

export const enableSiteTask: TaskDefinition<NoArgs, SiteTaskFacts> = {
  verb: 'enable',
  targetKind: 'site',
  args: NO_ARGS,
  servers,
  facts: ({ inventory, target }) => siteFactStep(inventory, target, { db: false, code: false }),
  plan: planEnableSite,
  afterSuccess: ({ store, target }) => setSiteStatus(store, target, 'enabled'),
};

export const DELETE_SITE_ARGS = z.object({
  /** Delete even when the site is not disabled. */
  force: z.boolean().optional(),
  /** false: no backup first (`--no-backup`). */
  backup: z.boolean().optional(),
}).strict();

/** Whether a delete backs the site up first: by default, when the site was ever installed. */
function backsUp(site: Site, args: z.infer<typeof DELETE_SITE_ARGS>): boolean {
  return args.backup !== false && (site.status === 'enabled' || site.status === 'disabled');
}

export const deleteSiteTask: TaskDefinition<z.infer<typeof DELETE_SITE_ARGS>, DeleteFacts | undefined> = {
  verb: 'delete',
  targetKind: 'site',
  args: DELETE_SITE_ARGS,
  servers,
  check: ({ inventory, target, args }) => {
    const site = siteOf(inventory, target);
    checkDeletable(site, args.force === true);
    // Its directory goes on every web head: never when that would take what another entity owns.
    const platform = platformOf(inventory, site.platform);
    for (const head of webServersOf(inventory, platform)) {
      checkRemovalPath(inventory, { server: head.alias, path: siteDirOf(platform, site.uri), owner: { kind: 'site', alias: site.alias } });
    }
  },
  facts: ({ inventory, target, args }) => {
    const site = siteOf(inventory, target);
    // A site never installed has nothing on any server: only its record goes.
    if (siteCredentials(site) === undefined) return known(undefined);
    const facts = siteFactStep(inventory, target, { code: false });
    return backsUp(site, args) ? andThen(both(facts, backupRunStep(site.uri)), ([own, backup]) => ({ ...own, backup })) : facts;
  },
  plan: (input) => (input.facts === undefined ? createPlan(`delete ${input.target}`, []) : planDeleteSite({ ...input, facts: input.facts })),
  afterSuccess: async (ctx) => {
    if (ctx.facts?.backup !== undefined) {
      const inventory = await ctx.store.loadInventory();
      await recordRun(ctx, inventory, siteOf(inventory, ctx.target), ctx.facts.backup, 'delete');
    }
    await ctx.store.transaction(async (tx) => {
      if ((await tx.sites.get(ctx.target)) !== undefined) await tx.sites.delete(ctx.target);
    });
  },
};
