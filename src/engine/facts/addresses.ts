/** Resolves the hosts of servers on the hub: the addresses a db server sees its web heads by. */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Server } from '../../model/index.js';
import type { HostAddresses } from '../../facts/addresses.js';

/** Each server's host as addresses: an IP as it is; a name resolved (none when it does not resolve). */
export async function resolveHostAddresses(servers: readonly Server[]): Promise<HostAddresses> {
  const entries = await Promise.all(servers.map(async (server): Promise<[string, string[]]> => {
    if (isIP(server.host) !== 0) return [server.alias, [server.host]];
    try {
      const found = await lookup(server.host, { all: true });
      return [server.alias, found.map((entry) => entry.address)];
    } catch {
      return [server.alias, []];
    }
  }));
  return Object.fromEntries(entries);
}
