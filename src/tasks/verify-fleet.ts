/**
 * `verify @platform --sites`: the platform and every installed site on it, converged as one task
 * with one merged plan. The platform's code and files first, then on each web head every site's
 * directories and settings (placed together), every site's vhost with one config test and one
 * reload per head (none when nothing changed); per db server every site's database, accounts and
 * grants as one batch of SQL; one login check per web head for the sites whose accounts changed.
 * Planning stays linear in the number of sites: lookups are by map, never by scanning.
 */
import type { Inventory, Server, Site } from '../model/index.js';
import type { SiteCredentials } from '../model/site.js';
import { ask, type FactRequest, type FactStep } from '../facts/index.js';
import { siteCredentials } from '../model/site.js';
import { createPlan, type Action, type Plan } from '../plan/index.js';
import type { SiteDbFacts } from '../services/db/index.js';
import { bindHttpService, vhostInputOf } from '../services/http/index.js';
import type { HostAddresses } from '../facts/addresses.js';
import type { ExistingDir } from '../facts/dirs.js';
import { grantHostsOf } from './db-endpoints.js';
import { ensureDbActions, siteFileActions } from './site-actions.js';
import type { SiteScope } from './site-scope.js';
import type { PlanInput } from './types.js';
import { planVerifyPlatform, platformFactsOf, platformNeeds, type VerifyPlatformFacts } from './verify-platform.js';
import { mergeSqlActions, fleetLoginCheck } from './verify-fleet-batches.js';
import { platformOf, sitesOfPlatform, webServersOf } from '../model/navigation.js';

/** SQL batches per db server, run side by side (the task holds as many admin connections). */
export const FLEET_SQL_BATCHES = 4;

/** What the hub learned about one site of the fleet. */
export interface FleetSiteFacts {
  readonly credentials: SiteCredentials;
  readonly db: SiteDbFacts;
}

export interface VerifyFleetFacts {
  readonly platform: VerifyPlatformFacts;
  readonly addresses: HostAddresses;
  /** By site alias; a site without an entry (never installed) is left out of the plan. */
  readonly sites: Readonly<Record<string, FleetSiteFacts>>;
  /**
   * The directories of the sites that exist on each web head now (server alias -> path -> state),
   * read in one round trip per head: a directory already as wanted gets no action.
   */
  readonly dirs?: Readonly<Record<string, Readonly<Record<string, ExistingDir>>>>;
}


/** The sites of the platform a fleet verify converges: installed ones (enabled or disabled). */
export function fleetSites(inventory: PlanInput<unknown>['inventory'], platform: string): Site[] {
  return sitesOfPlatform(inventory, platform).filter((site) => site.status === 'enabled' || site.status === 'disabled');
}

/**
 * The actions built while asking for the directories to read, by the facts they were built for:
 * planning the same input reuses them instead of building every action twice (a fleet has tens of
 * thousands).
 */
const drafts = new WeakMap<VerifyFleetFacts, { readonly inventory: Inventory; readonly target: string; readonly actions: readonly Action[] }>();

export function planVerifyFleet(input: PlanInput<VerifyFleetFacts>): Plan {
  const draft = drafts.get(input.facts);
  const reuse = draft !== undefined && draft.inventory === input.inventory && draft.target === input.target;
  return fleetPlanOf(input, reuse ? draft.actions : fleetActions(input));
}

type SiteDbRequest = Extract<FactRequest, { readonly kind: 'site-db' }>;
type DirStatesRequest = Extract<FactRequest, { readonly kind: 'dir-states' }>;

/**
 * What a fleet verify asks for: the platform's facts and the servers' addresses; then the db facts
 * of every installed site, in bulk per db server; then the state of every directory the draft plan
 * would ensure, one read per web head, so that directories already as wanted are not planned.
 */
export function fleetFactStep(inventory: Inventory, target: string): FactStep<VerifyFleetFacts> {
  const platform = platformOf(inventory, target);
  const heads = webServersOf(inventory, platform);
  const servers = new Map(inventory.servers.map((server) => [server.alias, server]));
  const sites = fleetSites(inventory, target).flatMap((site) => {
    const credentials = siteCredentials(site);
    const db = servers.get(site.db);
    return credentials === undefined || db === undefined ? [] : [{ site, credentials, db }];
  });
  const dbs = [...new Set(sites.map(({ db }) => db))];
  return ask({
    ...platformNeeds(inventory, target),
    addresses: { kind: 'addresses', servers: [...heads, ...dbs].map((server) => server.alias) },
  }, (first) => {
    const addresses = first.addresses;
    const platformFacts = platformFactsOf(first);
    const dbNeeds: Record<string, SiteDbRequest> = Object.fromEntries(dbs.map((db) => [db.alias, {
      kind: 'site-db', server: db.alias,
      sites: sites.filter((entry) => entry.db === db).map(({ site, credentials }) => ({
        key: site.alias, database: credentials.dbName, user: credentials.dbUser, password: credentials.dbPassword,
        grantHosts: grantHostsOf(heads, db, addresses),
      })),
    }]));
    return ask(dbNeeds, (byDb) => {
      const siteFacts: Record<string, FleetSiteFacts> = {};
      for (const { site, credentials } of sites) {
        const db = byDb[site.db]?.get(site.alias);
        if (db !== undefined) siteFacts[site.alias] = { credentials, db };
      }
      const draft = fleetActions({ inventory, target, facts: { platform: platformFacts, addresses, sites: siteFacts } });
      const dirNeeds: Record<string, DirStatesRequest> = Object.fromEntries([...plannedDirs(draft)].map(([server, paths]) => [server, { kind: 'dir-states', server, paths }]));
      return ask(dirNeeds, (dirs) => {
        const facts: VerifyFleetFacts = { platform: platformFacts, addresses, sites: siteFacts, dirs };
        drafts.set(facts, { inventory, target, actions: draft });
        return facts;
      });
    });
  });
}

/** The plan from the actions `fleetActions` built for the same input: converged directories dropped. */
export function fleetPlanOf(input: PlanInput<VerifyFleetFacts>, actions: readonly Action[]): Plan {
  const platform = platformOf(input.inventory, input.target);
  return createPlan(`verify ${platform.alias} --sites`, withoutConvergedDirs(actions, input.facts.dirs));
}

/** Every action of the fleet, directories included whatever the facts say of them. */
export function fleetActions(input: PlanInput<VerifyFleetFacts>): Action[] {
  const { inventory, facts } = input;
  const platform = platformOf(inventory, input.target);
  const heads = webServersOf(inventory, platform);
  const servers = new Map(inventory.servers.map((server) => [server.alias, server]));
  const platformActions = planVerifyPlatform({ inventory, target: input.target, facts: facts.platform }).actions;
  const code = facts.platform.source ?? (heads[0] === undefined ? undefined : facts.platform.heads[heads[0].alias]);

  const scopes: SiteScope[] = [];
  for (const site of fleetSites(inventory, platform.alias)) {
    const found = facts.sites[site.alias];
    const db = servers.get(site.db);
    if (found === undefined || db === undefined) continue;
    const siteFacts = { credentials: found.credentials, db: found.db, addresses: facts.addresses, code: facts.platform.heads };
    scopes.push({
      site, platform, heads, db, facts: siteFacts, credentials: found.credentials,
      grantHosts: grantHostsOf(heads, db, facts.addresses), code,
    });
  }

  const actions: Action[] = [...platformActions];
  const sqlIds: string[] = [];
  const changedDb = new Set<string>();
  for (const [alias, group] of groupBy(scopes, (scope) => scope.db.alias)) {
    const perSite = group.map((scope) => ({ scope, actions: ensureDbActions(scope) })).filter((entry) => entry.actions.length > 0);
    for (const entry of perSite) changedDb.add(entry.scope.site.alias);
    // A few batches of whole sites, run side by side on the db runner's connections.
    const size = Math.ceil(perSite.length / FLEET_SQL_BATCHES);
    for (let i = 0; i * size < perSite.length; i += 1) {
      const id = `db:${alias}:fleet:${platform.alias}${i === 0 ? '' : `:${i + 1}`}`;
      const merged = mergeSqlActions(id, alias, perSite.slice(i * size, (i + 1) * size).flatMap((entry) => entry.actions));
      if (merged !== undefined) {
        actions.push(merged);
        sqlIds.push(merged.id);
      }
    }
  }

  for (const head of heads) actions.push(...headActions(head, scopes, platformActions, sqlIds, changedDb));
  return actions;
}

/** One web head: every site's directories and settings, every vhost with one test and reload, one login check. */
function headActions(head: Server, scopes: readonly SiteScope[], platformActions: readonly Action[], sqlIds: readonly string[], changedDb: ReadonlySet<string>): Action[] {
  const platformIds = platformActions.filter((action) => action.server === head.alias).map((action) => action.id);
  const actions: Action[] = [];
  const settings: string[] = [];
  for (const scope of scopes) {
    const files = siteFileActions(scope, head, platformIds);
    actions.push(...files.actions);
    settings.push(...files.settings);
  }
  const changes = scopes.map((scope) => ({
    kind: 'write' as const,
    site: vhostInputOf(scope.site, scope.platform, { enabled: scope.site.status !== 'disabled' }),
  }));
  // The vhosts are written once the platform's files are; they go live only at the reload, which
  // therefore also waits for every site's settings (one list on one action, not one per vhost).
  const http = bindHttpService(head.services.http).sitePlanActions({ server: head.alias, address: head.host, changes, after: platformIds });
  actions.push(...http.map((action) => (action.kind === 'reload' ? Object.freeze({ ...action, after: Object.freeze([...action.after, ...settings]) }) : action)));
  const checked = scopes.filter((scope) => changedDb.has(scope.site.alias));
  const login = fleetLoginCheck(head, checked, sqlIds);
  if (login !== undefined) actions.push(login);
  return actions;
}

/**
 * Drops the ensureDir actions whose directory the facts say is already as wanted; whatever waited
 * for a dropped action waits for what that action waited for instead.
 */
export function withoutConvergedDirs(actions: readonly Action[], dirs: VerifyFleetFacts['dirs']): Action[] {
  if (dirs === undefined) return [...actions];
  const dropped = new Map<string, readonly string[]>();
  for (const action of actions) {
    if (action.kind !== 'ensureDir') continue;
    const found = dirs[action.server]?.[action.path];
    if (found === undefined || (found.mode & 0o7777) !== (action.mode & 0o7777)) continue;
    if ((action.owner !== undefined && action.owner !== found.owner) || (action.group !== undefined && action.group !== found.group)) continue;
    dropped.set(action.id, action.after);
  }
  if (dropped.size === 0) return [...actions];
  const resolve = (ids: readonly string[]): string[] => ids.flatMap((id) => {
    const instead = dropped.get(id);
    return instead === undefined ? [id] : resolve(instead);
  });
  return actions.filter((action) => !dropped.has(action.id)).map((action) =>
    (action.after.some((id) => dropped.has(id)) ? Object.freeze({ ...action, after: Object.freeze([...new Set(resolve(action.after))]) }) : action));
}

/** The directories the actions ensure, by server: what the hub reads before planning for real. */
export function plannedDirs(actions: readonly Action[]): Map<string, string[]> {
  const byServer = new Map<string, string[]>();
  for (const action of actions) {
    if (action.kind !== 'ensureDir') continue;
    const list = byServer.get(action.server) ?? [];
    list.push(action.path);
    byServer.set(action.server, list);
  }
  return byServer;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
