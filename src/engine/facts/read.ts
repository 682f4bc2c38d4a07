/**
 * Reads the facts that tasks ask for (src/facts/), round by round, for one task or a whole group
 * at once: every request of a round is read together, and requests of one kind on one server are
 * merged (the databases of 200 sites on one db server are one bulk read, a platform's code on a
 * head is probed once however many sites ask). Server facts are read here, through the task's
 * transports and admin connections; the hub's own records are answered by `sources.hub`.
 */
import { randomBytes } from 'node:crypto';
import { AegirError, generateSecret, type Server } from '../../model/index.js';
import { isFactStep, isHubFact, type FactRequest, type FactStep, type HubFactRequest, type SiteDbQuery } from '../../facts/index.js';
import type { DbConnection } from '../../transport/sql/index.js';
import { takenDbNames } from './db/facts.js';
import type { Transport } from '../../transport/index.js';
import { resolveHostAddresses } from './addresses.js';
import { readDirStates } from './dir-states.js';
import { probePlatformCode } from './platform-code.js';
import { readSiteDbFacts } from './site-db.js';

export interface FactSources {
  /** The servers of the inventory (addresses are resolved from their hosts). */
  readonly servers: readonly Server[];
  transport(server: string): Transport;
  /** The task's admin connection to a db server. */
  db(server: string): DbConnection;
  /** Answers the hub's own facts (backups, hub paths). */
  hub(request: HubFactRequest): Promise<unknown>;
}

/** Steps resolved to their facts, in order: every round of every step is read together. */
export async function resolveFactSteps<F>(steps: readonly FactStep<F>[], sources: FactSources): Promise<F[]> {
  const done: ({ readonly value: F } | undefined)[] = steps.map(() => undefined);
  let pending = steps.map((step, index) => ({ index, step }));
  while (pending.length > 0) {
    const answers = await readRound(pending.map(({ step }) => step.need), sources);
    const next: typeof pending = [];
    pending.forEach(({ index, step }, i) => {
      const result = step.then(answers[i] ?? {});
      if (isFactStep(result)) next.push({ index, step: result });
      else done[index] = { value: result };
    });
    pending = next;
  }
  return done.map((box) => {
    if (box === undefined) throw new AegirError('facts_unresolved', 'a fact step did not end');
    return box.value;
  });
}

/** One step resolved to its facts. */
export async function resolveFactStep<F>(step: FactStep<F>, sources: FactSources): Promise<F> {
  const [facts] = await resolveFactSteps([step], sources).then((all) => all.map((value) => ({ value })));
  if (facts === undefined) throw new AegirError('facts_unresolved', 'a fact step did not end');
  return facts.value;
}

interface Asked {
  readonly need: number;
  readonly name: string;
  readonly request: FactRequest;
}

/** One round: the answers for each set of named requests, in order. */
async function readRound(needs: readonly Readonly<Record<string, FactRequest>>[], sources: FactSources): Promise<Record<string, unknown>[]> {
  const asked: Asked[] = needs.flatMap((need, index) => Object.entries(need).map(([name, request]) => ({ need: index, name, request })));
  const answers = needs.map((): Record<string, unknown> => ({}));
  const groups = new Map<string, Asked[]>();
  asked.forEach((entry, position) => {
    const key = mergeKey(entry.request, position);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  });
  await Promise.all([...groups.values()].map(async (group) => {
    const results = await readGroup(group, sources);
    group.forEach((entry, i) => {
      const target = answers[entry.need];
      if (target !== undefined) target[entry.name] = results[i];
    });
  }));
  return answers;
}

/** Requests with the same key are read as one. Generated values and hub facts are never shared. */
function mergeKey(request: FactRequest, position: number): string {
  switch (request.kind) {
    case 'platform-code':
      return JSON.stringify([request.kind, request.app, request.root]);
    case 'site-db':
    case 'db-names':
    case 'dir-states':
      return JSON.stringify([request.kind, request.server]);
    case 'addresses':
      return request.kind;
    default:
      return `${request.kind}#${position}`;
  }
}

/** Reads one merged group; an answer per member, in order. */
async function readGroup(group: readonly Asked[], sources: FactSources): Promise<unknown[]> {
  const first = group[0]?.request;
  if (first === undefined) return [];
  if (isHubFact(first)) return [await sources.hub(first)];
  switch (first.kind) {
    case 'platform-code': {
      const servers = [...new Set(group.flatMap((entry) => (entry.request.kind === 'platform-code' ? entry.request.servers : [])))];
      const found = await Promise.all(servers.map(async (server) => [server, await probePlatformCode(sources.transport(server), first, first.root)] as const));
      const all = new Map(found);
      return group.map((entry) => Object.fromEntries(
        (entry.request.kind === 'platform-code' ? entry.request.servers : []).flatMap((server) => {
          const facts = all.get(server);
          return facts === undefined ? [] : [[server, facts]];
        }),
      ));
    }
    case 'site-db': {
      // Two requests may ask about one site under two names (a migrate: its old and its new
      // database): each distinct question is read once, under a key of its own.
      const distinct = new Map<string, SiteDbQuery>();
      const keyOf = (site: SiteDbQuery): string => JSON.stringify([site.database, site.user, site.password.reveal(), site.grantHosts]);
      for (const entry of group) {
        if (entry.request.kind !== 'site-db') continue;
        for (const site of entry.request.sites) if (!distinct.has(keyOf(site))) distinct.set(keyOf(site), { ...site, key: String(distinct.size) });
      }
      const facts = distinct.size === 0 ? new Map() : await readSiteDbFacts(sources.db(first.server), [...distinct.values()]);
      return group.map((entry) => new Map(entry.request.kind === 'site-db'
        ? entry.request.sites.map((site) => [site.key, facts.get(distinct.get(keyOf(site))?.key ?? '')])
        : []));
    }
    case 'db-names': {
      const names = await takenDbNames(sources.db(first.server));
      return group.map(() => names);
    }
    case 'addresses': {
      const wanted = new Set(group.flatMap((entry) => (entry.request.kind === 'addresses' ? entry.request.servers : [])));
      const all = await resolveHostAddresses(sources.servers.filter((server) => wanted.has(server.alias)));
      return group.map((entry) => Object.fromEntries(
        (entry.request.kind === 'addresses' ? entry.request.servers : []).map((alias) => [alias, all[alias] ?? []]),
      ));
    }
    case 'dir-states': {
      const paths = [...new Set(group.flatMap((entry) => (entry.request.kind === 'dir-states' ? entry.request.paths : [])))];
      const states = paths.length === 0 ? {} : await readDirStates(sources.transport(first.server), paths);
      return group.map((entry) => Object.fromEntries(
        (entry.request.kind === 'dir-states' ? entry.request.paths : []).flatMap((path) => (states[path] === undefined ? [] : [[path, states[path]]])),
      ));
    }
    case 'token':
      return [randomBytes(8).toString('hex')];
    case 'secret':
      return [generateSecret(first.bytes)];
  }
}
