/**
 * `--accept-host-key` on a change that is not a task (`server set` of a host): the server's key is
 * trusted when the change is recorded, as `server add` does. Tasks trust keys in their own run.
 */
import type { Server } from '../../model/index.js';
import { isHostKeyPinned, pinServerHostKey, scanServerHostKey } from './hub-keys.js';

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
