/**
 * How a web head and a db server see each other. A db account is granted for the web head's
 * address as the db server sees it; the settings name the db server's host as the web head
 * reaches it. When both are the same machine, both sides say `localhost`.
 * Addresses of DNS hosts are facts resolved on the hub; IP hosts are taken as they are.
 */
import { isIP } from 'node:net';
import type { HostAddresses } from '../facts/addresses.js';
import { isLoopbackHost, type Server } from '../model/index.js';

/** Whether a web head and a db server are one machine. */
export function sameHost(web: Server, db: Server, addresses: HostAddresses): boolean {
  if (web.alias === db.alias || web.host === db.host) return true;
  if (isLoopbackHost(web.host) && isLoopbackHost(db.host)) return true;
  const dbAddresses = new Set(addresses[db.alias] ?? []);
  return (addresses[web.alias] ?? []).some((address) => dbAddresses.has(address));
}

/** The web head as the db server sees it: `localhost` on the same machine, else its address. */
export function grantHostOf(web: Server, db: Server, addresses: HostAddresses): string {
  if (sameHost(web, db, addresses)) return 'localhost';
  if (isIP(web.host) !== 0) return web.host;
  return addresses[web.alias]?.[0] ?? web.host;
}

/** The db server as the web head reaches it: `localhost` on the same machine, else its host. */
export function dbHostFor(web: Server, db: Server, addresses: HostAddresses): string {
  return sameHost(web, db, addresses) ? 'localhost' : db.host;
}

/** The grant hosts of a site: one per web head, without repeats, in web head order. */
export function grantHostsOf(heads: readonly Server[], db: Server, addresses: HostAddresses): string[] {
  return [...new Set(heads.map((head) => grantHostOf(head, db, addresses)))];
}
