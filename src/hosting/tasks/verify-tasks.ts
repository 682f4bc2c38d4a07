/**
 * `verify` of a server, a platform, and a platform with all its sites (`verify-fleet`), as the hub
 * runs them. A server's one fact is a fresh token for the db service's test database, so two
 * verifies never collide and a dry run needs no connection; a platform asks for its code on every
 * web head and in the hub's source; a fleet for that, then every site's db facts in bulk, then the
 * directories its sites need on each head.
 */
import { ask } from '../../facts/index.js';
import { FLEET_SQL_BATCHES, planVerifyFleet, fleetFactStep, fleetSites, type VerifyFleetFacts } from '../../tasks/verify-fleet.js';
import { planVerifyPlatform, platformFactStep, unknownSites, type VerifyPlatformFacts } from '../../tasks/verify-platform.js';
import { planVerifyServer, serverOf, type VerifyServerFacts } from '../../tasks/verify-server.js';
import { platformOf, webServersOf } from '../../model/navigation.js';
import type { TaskDefinition } from './definition.js';
import { NO_ARGS, type NoArgs } from './site-tasks.js';

export const verifyServerTask: TaskDefinition<NoArgs, VerifyServerFacts> = {
  verb: 'verify',
  targetKind: 'server',
  args: NO_ARGS,
  servers: ({ inventory, target }) => [serverOf(inventory, target).alias],
  facts: () => ask({ nonce: { kind: 'token' } }, (answers) => ({ nonce: answers.nonce })),
  plan: planVerifyServer,
};

function platformNotices(input: { readonly inventory: Parameters<typeof unknownSites>[0]; readonly target: string; readonly facts: VerifyPlatformFacts }): string[] {
  const unknown = unknownSites(input.inventory, input.target, input.facts);
  return unknown.length === 0 ? [] : [`sites on disk that Aegir does not know (import them later): ${unknown.join(', ')}`];
}

export const verifyPlatformTask: TaskDefinition<NoArgs, VerifyPlatformFacts> = {
  verb: 'verify',
  targetKind: 'platform',
  args: NO_ARGS,
  servers: ({ inventory, target }) => webServersOf(inventory, platformOf(inventory, target)).map((s) => s.alias),
  facts: ({ inventory, target }) => platformFactStep(inventory, target),
  plan: planVerifyPlatform,
  notices: platformNotices,
};

export const verifyFleetTask: TaskDefinition<NoArgs, VerifyFleetFacts> = {
  verb: 'verify-fleet',
  targetKind: 'platform',
  args: NO_ARGS,
  // The fleet's SQL goes in a few batches of whole sites, side by side.
  dbConnections: FLEET_SQL_BATCHES,
  servers: ({ inventory, target }) => [...new Set([
    ...webServersOf(inventory, platformOf(inventory, target)).map((s) => s.alias),
    ...fleetSites(inventory, target).map((site) => site.db),
  ])],
  facts: ({ inventory, target }) => fleetFactStep(inventory, target),
  plan: planVerifyFleet,
  notices: (input) => {
    const skipped = fleetSites(input.inventory, input.target).filter((site) => input.facts.sites[site.alias] === undefined).map((site) => site.alias);
    const own = platformNotices({ ...input, facts: input.facts.platform });
    return skipped.length === 0 ? own : [...own, `not verified (never installed): ${skipped.join(', ')}`];
  },
};
