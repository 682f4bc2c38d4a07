/**
 * `--accept-host-key` for the verbs whose runs do not trust host keys themselves (backup, restore,
 * clone, migrate, platform delete): the servers the request will reach are trusted before it is
 * queued, so every task verb takes the flag and means the same by it.
 */
import type { Inventory, Server } from '../model/index.js';
import { platformOf, serverByAlias, webServersOf } from '../tasks/web-target.js';
import { isHostKeyPinned, pinServerHostKey, scanServerHostKey } from './hub-keys.js';

/** The servers of a site (its web heads, its db server), and of where it goes (another platform, db server). */
export function siteServers(inventory: Inventory, site: string, to: { readonly platform?: string; readonly db?: string } = {}): Server[] {
  const record = inventory.sites.find((s) => s.alias === site);
  if (record === undefined) return [];
  const platforms = [record.platform, ...(to.platform === undefined ? [] : [to.platform])];
  const heads = platforms.flatMap((alias) => (inventory.platforms.some((p) => p.alias === alias) ? webServersOf(inventory, platformOf(inventory, alias)) : []));
  const dbs = [record.db, ...(to.db === undefined ? [] : [to.db])].flatMap((alias) => (inventory.servers.some((s) => s.alias === alias) ? [serverByAlias(inventory, alias)] : []));
  return unique([...heads, ...dbs]);
}

/** The web heads of a platform. */
export function platformServers(inventory: Inventory, platform: string): Server[] {
  return inventory.platforms.some((p) => p.alias === platform) ? webServersOf(inventory, platformOf(inventory, platform)) : [];
}

/**
 * Pins the host key of each server that has none pinned yet (the person asked for it with
 * `--accept-host-key`), telling each fingerprint through `onNotice`. Pinned servers are left alone.
 */
export async function trustServers(home: string, servers: readonly Server[], onNotice: (text: string) => void): Promise<void> {
  for (const server of servers) {
    if (await isHostKeyPinned(home, server)) continue;
    const scan = await scanServerHostKey(server);
    if (scan === undefined) continue;
    await pinServerHostKey(home, server, scan);
    for (const f of scan.fingerprints) onNotice(`trusted host key of ${server.alias}: ${f}`);
  }
}

function unique(servers: readonly Server[]): Server[] {
  return servers.filter((server, i) => servers.findIndex((s) => s.alias === server.alias) === i);
}
