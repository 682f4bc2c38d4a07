/**
 * The site tasks as the hub runs them: which servers they touch, the facts they gather, their
 * planners, and what they record on success (the site's status; delete removes the record).
 * `install` first makes and stores the site's credentials (`prepare`), and marks the site
 * `failed` when its plan failed (`afterFailure`).
 */
import type { Site, SiteStatus } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { planDeleteSite } from '../../tasks/delete-site.js';
import { planInstallSite } from '../../tasks/install-site.js';
import type { SiteTaskFacts } from '../../tasks/site-scope.js';
import { planDisableSite, planEnableSite } from '../../tasks/site-status.js';
import { planVerifySite } from '../../tasks/verify-site.js';
import { siteServers } from '../../tasks/web-target.js';
import type { TaskDefinition } from './definition.js';
import { gatherSiteFacts } from './site-facts.js';
import { ensureSiteCredentials } from './site-credentials.js';

async function setStatus(store: Store, alias: string, status: SiteStatus): Promise<void> {
  await store.transaction(async (tx) => {
    const site: Site | undefined = await tx.sites.get(alias);
    if (site !== undefined && site.status !== status) await tx.sites.update({ ...site, status });
  });
}

export const installSiteTask: TaskDefinition<SiteTaskFacts> = {
  verb: 'install',
  targetKind: 'site',
  servers: siteServers,
  prepare: async (store, _actor, target) => {
    await ensureSiteCredentials(store, target);
  },
  gather: (connections, inventory, target) => gatherSiteFacts(connections, inventory, target, { install: true }),
  plan: planInstallSite,
  afterSuccess: (store, _actor, target) => setStatus(store, target, 'enabled'),
  afterFailure: (store, _actor, target) => setStatus(store, target, 'failed'),
};

export const verifySiteTask: TaskDefinition<SiteTaskFacts> = {
  verb: 'verify',
  targetKind: 'site',
  servers: siteServers,
  gather: (connections, inventory, target) => gatherSiteFacts(connections, inventory, target),
  plan: planVerifySite,
};

export const disableSiteTask: TaskDefinition<SiteTaskFacts> = {
  verb: 'disable',
  targetKind: 'site',
  servers: siteServers,
  gather: (connections, inventory, target) => gatherSiteFacts(connections, inventory, target, { db: false, code: false }),
  plan: planDisableSite,
  afterSuccess: (store, _actor, target) => setStatus(store, target, 'disabled'),
};

export const enableSiteTask: TaskDefinition<SiteTaskFacts> = {
  verb: 'enable',
  targetKind: 'site',
  servers: siteServers,
  gather: (connections, inventory, target) => gatherSiteFacts(connections, inventory, target, { db: false, code: false }),
  plan: planEnableSite,
  afterSuccess: (store, _actor, target) => setStatus(store, target, 'enabled'),
};

export const deleteSiteTask: TaskDefinition<SiteTaskFacts> = {
  verb: 'delete',
  targetKind: 'site',
  servers: siteServers,
  gather: (connections, inventory, target) => gatherSiteFacts(connections, inventory, target, { code: false }),
  plan: planDeleteSite,
  afterSuccess: async (store, _actor, target) => {
    await store.transaction(async (tx) => {
      if ((await tx.sites.get(target)) !== undefined) await tx.sites.delete(target);
    });
  },
};
