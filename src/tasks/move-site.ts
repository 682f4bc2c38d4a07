/**
 * `clone` and `migrate` of a site as one plan: a fresh backup of it (its staging directory on the
 * hub kept for the deploy), then the site is deployed on its target (another uri, platform, web
 * target or db server, in any combination) and its vhost switched there; a migrate then removes
 * the old place (vhost where it is not replaced, directory, platform files, database and
 * accounts). Until the new place is verified nothing of the old one changes; on failure
 * everything of the new place is undone.
 */
import { AegirError, type Inventory, type Site } from '../model/index.js';
import { createPlan, type Action, type Plan } from '../plan/index.js';
import { backupActions, type BackupRun } from './backup-site.js';
import { deployActions, vhostSwitchActions } from './deploy-site.js';
import { HUB, removeHubStaging } from './hub-actions.js';
import { appInputFor, dropDbActions, platformFileActions, removeSiteDirAction } from './site-actions.js';
import { requireInstalled, siteScope, type SiteScope, type SiteTaskFacts } from './site-scope.js';
import type { PlanInput } from './types.js';
import { platformOf, serverByAlias, sitesOfPlatform } from '../model/navigation.js';

export interface MoveFacts {
  readonly mode: 'clone' | 'migrate';
  /** The target site record: its uri, platform, db server and new credentials. */
  readonly site: Site;
  /** Facts of the site where it is now. */
  readonly source: SiteTaskFacts;
  /** Facts of the target: its credentials, its (empty) database, the code on its web heads. */
  readonly target: SiteTaskFacts;
  /** The fresh backup taken first. */
  readonly backup: BackupRun;
}

/** Refuses what cannot be moved, before anything runs: another db kind, a locked platform, a taken uri. */
export function checkMove(inventory: Inventory, from: Site, to: Pick<Site, 'uri' | 'platform' | 'db'>, mode: 'clone' | 'migrate'): void {
  if (mode === 'clone' && to.uri === from.uri) {
    throw new AegirError('clone_same_uri', `cannot clone ${from.alias} onto itself: a clone needs a new uri (aegir clone ${from.alias} <new uri>)`, { exitCode: 2 });
  }
  const oldKind = serverByAlias(inventory, from.db).services.db.impl;
  const newKind = serverByAlias(inventory, to.db).services.db.impl;
  if (oldKind !== newKind) {
    throw new AegirError('db_kind_change', `cannot ${mode} ${from.alias} from ${from.db} (${oldKind}) to ${to.db} (${newKind}): a site moves only between db servers of one kind`, { exitCode: 2 });
  }
  const platform = platformOf(inventory, to.platform);
  const current = platformOf(inventory, from.platform);
  if (platform.app !== current.app) {
    throw new AegirError('app_kind_change', `cannot ${mode} ${from.alias} to ${platform.alias}: it is a ${platform.app} platform, the site is ${current.app}`, { exitCode: 2 });
  }
  if (platform.locked && (mode === 'clone' || to.platform !== from.platform)) {
    throw new AegirError('platform_locked', `${platform.alias} is locked: it takes no new sites ('aegir unlock ${platform.alias}' first)`, { exitCode: 2 });
  }
  if (mode === 'migrate' && to.uri === from.uri && to.platform === from.platform && to.db === from.db) {
    throw new AegirError('nothing_to_migrate', `migrate ${from.alias}: give another --platform, --db or --uri`, { exitCode: 2 });
  }
}

/** The inventory as the target sees it: the target site in, and (on a migrate to a new uri) the old one out. */
function targetInventory(inventory: Inventory, from: Site, to: Site, mode: 'clone' | 'migrate'): Inventory {
  const others = inventory.sites.filter((s) => s.alias !== to.alias && (mode === 'clone' || s.alias !== from.alias));
  return { ...inventory, sites: [...others, to] };
}

export function planMoveSite(input: PlanInput<MoveFacts>): Plan {
  const { facts } = input;
  const source = siteScope({ inventory: input.inventory, target: input.target, facts: facts.source }, { needCode: false });
  requireInstalled(source.site, facts.mode);
  checkMove(input.inventory, source.site, facts.site, facts.mode);
  const inventory = targetInventory(input.inventory, source.site, facts.site, facts.mode);
  const target = siteScope({ inventory, target: facts.site.alias, facts: facts.target });
  const inPlace = facts.mode === 'migrate'
    ? target.heads.filter((h) => source.heads.some((s) => s.alias === h.alias) && appInputFor(source, h).siteDir === appInputFor(target, h).siteDir).map((h) => h.alias)
    : [];
  const platformSites = sitesOfPlatform(inventory, target.platform.alias).map((s) => ({ uri: s.uri, aliases: s.aliases }));
  const backup = backupActions(source, facts.backup, { keepStaging: true });
  const deploy = deployActions(target, {
    token: facts.backup.token, staging: backup.staging, start: [backup.packId], platformSites, inPlace,
    updater: facts.mode === 'migrate' && target.platform.alias !== source.platform.alias,
  });
  const vhosts = vhostSwitchActions(target, facts.mode === 'migrate' ? source : undefined, deploy.verified);
  const actions: Action[] = [...backup.actions, ...deploy.actions, ...vhosts.actions];
  if (facts.mode === 'migrate') actions.push(...removeOldActions(input.inventory, source, target, inPlace, vhosts.ids));
  actions.push(removeHubStaging(`${facts.mode}:${HUB}:${source.site.uri}:remove-staging`, backup.staging, deploy.reads));
  return createPlan(`${facts.mode} ${source.site.alias} to ${describeTarget(source.site, facts.site)}`, actions);
}

/** The old place, once the new one serves: its directory, its platform files, its database and accounts. */
function removeOldActions(inventory: Inventory, source: SiteScope, target: SiteScope, inPlace: readonly string[], after: readonly string[]): Action[] {
  const actions: Action[] = [];
  const samePlatform = source.platform.alias === target.platform.alias;
  const remaining = sitesOfPlatform(inventory, source.platform.alias).filter((s) => s.alias !== source.site.alias).map((s) => ({ uri: s.uri, aliases: s.aliases }));
  for (const head of source.heads) {
    if (inPlace.includes(head.alias)) continue;
    const dir = removeSiteDirAction(source, head, after, inventory);
    actions.push(Object.freeze({ ...dir, id: `old:${dir.id}` }));
    if (!samePlatform) {
      actions.push(...platformFileActions(source, head, remaining).map((a) => Object.freeze({ ...a, id: `old:${a.id}`, after: [...after] })));
    }
  }
  const drop = dropDbActions(source, [...after, ...actions.map((a) => a.id)]);
  return [...actions, ...drop.map((a) => Object.freeze({ ...a, id: `old:${a.id}` }))];
}

function describeTarget(from: Site, to: Site): string {
  const parts = [
    ...(to.uri === from.uri ? [] : [to.uri]),
    ...(to.platform === from.platform ? [] : [to.platform]),
    ...(to.db === from.db ? [] : [to.db]),
  ];
  return parts.length === 0 ? to.uri : parts.join(' ');
}
