/**
 * `verify @platform --sites` as the hub runs it: the platform's facts (its code in the source and
 * on each web head), the addresses of every server involved, and the db facts of every installed
 * site, read in bulk per db server (one connection, a constant number of queries).
 */
import { AegirError, type Inventory, type Server } from '../../model/index.js';
import { siteCredentials } from '../../model/site.js';
import { openDbConnection } from '../../services/db/runtime/index.js';
import { grantHostsOf } from '../../tasks/db-endpoints.js';
import type { Action } from '../../plan/index.js';
import {
  fleetActions, fleetPlanOf, fleetSites, plannedDirs, planVerifyFleet, type ExistingDir, type FleetSiteFacts, type VerifyFleetFacts,
} from '../../tasks/verify-fleet.js';
import type { VerifyPlatformFacts } from '../../tasks/verify-platform.js';
import { platformOf, webServersOf } from '../../tasks/web-target.js';
import type { TaskDefinition } from './definition.js';
import { resolveHostAddresses } from './host-addresses.js';
import { gatherBulkDbFacts, type BulkSite } from './verify-fleet-db-facts.js';
import { readDirStates } from './verify-fleet-dirs.js';
import { verifyPlatformTask } from './verify-platform.js';

/**
 * The actions built while gathering (to learn which directories to read), by the facts object
 * gather returned: planning the same input again reuses them instead of building every action twice.
 */
const drafts = new WeakMap<VerifyFleetFacts, { readonly inventory: Inventory; readonly target: string; readonly actions: readonly Action[] }>();

function dbServersOf(inventory: Inventory, target: string): Server[] {
  const aliases = new Set(fleetSites(inventory, target).map((site) => site.db));
  return inventory.servers.filter((server) => aliases.has(server.alias));
}

export const verifyFleetTask: TaskDefinition<VerifyFleetFacts> = {
  verb: 'verify-fleet',
  targetKind: 'platform',
  servers: (inventory, target) => [
    ...webServersOf(inventory, platformOf(inventory, target)).map((s) => s.alias),
    ...dbServersOf(inventory, target).map((s) => s.alias),
  ],
  gather: async (connections, inventory, target) => {
    const heads = webServersOf(inventory, platformOf(inventory, target));
    const dbs = dbServersOf(inventory, target);
    const [platform, addresses] = await Promise.all([
      verifyPlatformTask.gather(connections, inventory, target) as Promise<VerifyPlatformFacts>,
      resolveHostAddresses([...heads, ...dbs]),
    ]);
    const bySever = new Map<string, BulkSite[]>();
    for (const site of fleetSites(inventory, target)) {
      const credentials = siteCredentials(site);
      const db = dbs.find((server) => server.alias === site.db);
      if (credentials === undefined || db === undefined) continue;
      const list = bySever.get(site.db) ?? [];
      list.push({ alias: site.alias, credentials, grantHosts: grantHostsOf(heads, db, addresses) });
      bySever.set(site.db, list);
    }
    const sites: Record<string, FleetSiteFacts> = {};
    await Promise.all([...bySever].map(async ([alias, list]) => {
      const server = dbs.find((s) => s.alias === alias);
      if (server === undefined) throw new AegirError('db_none', `no db server ${alias}`);
      const connection = openDbConnection(server);
      try {
        const found = await gatherBulkDbFacts(connection, list);
        for (const site of list) {
          const db = found.get(site.alias);
          if (db !== undefined) sites[site.alias] = { credentials: site.credentials, db };
        }
      } finally {
        await connection.close();
      }
    }));
    // The site directories as they are on each head, one command per head, so that directories
    // already as wanted are not planned (each ensureDir is a round trip of its own).
    const draft = fleetActions({ inventory, target, facts: { platform, addresses, sites } });
    const dirs: Record<string, Record<string, ExistingDir>> = {};
    await Promise.all([...plannedDirs(draft)].map(async ([server, paths]) => {
      dirs[server] = await readDirStates(connections.transport(server), paths);
    }));
    const facts: VerifyFleetFacts = { platform, addresses, sites, dirs };
    drafts.set(facts, { inventory, target, actions: draft });
    return facts;
  },
  plan: (input) => {
    const draft = drafts.get(input.facts);
    return draft !== undefined && draft.inventory === input.inventory && draft.target === input.target
      ? fleetPlanOf(input, draft.actions)
      : planVerifyFleet(input);
  },
  notices: (input) => {
    const platformNotices = verifyPlatformTask.notices?.({ ...input, facts: input.facts.platform }) ?? [];
    const skipped = fleetSites(input.inventory, input.target).filter((site) => input.facts.sites[site.alias] === undefined).map((site) => site.alias);
    return skipped.length === 0 ? platformNotices : [...platformNotices, `not verified (never installed): ${skipped.join(', ')}`];
  },
};
