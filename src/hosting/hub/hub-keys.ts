import { readFile } from 'node:fs/promises';
import {
  ensureHubKeyPair,
  fingerprintHostKeys,
  hubSshPaths,
  isLocalServer,
  knownHostsName,
  pinHostKey,
  scanHostKey,
} from '../../transport/index.js';
import type { Server } from '../../model/index.js';

export { isLocalServer };

/** The hub's public key line (made on first use), to put in each spoke's authorized_keys. */
export async function hubPublicKey(home: string): Promise<string> {
  return ensureHubKeyPair(home);
}

export interface HostKeyScan {
  readonly keys: readonly string[];
  readonly fingerprints: readonly string[];
}

/** Ask a server for its host keys, without trusting them yet. Nothing to scan for the hub itself. */
export async function scanServerHostKey(
  server: Pick<Server, 'alias' | 'host' | 'sshPort' | 'services'>,
): Promise<HostKeyScan | undefined> {
  if (isLocalServer(server)) return undefined;
  const keys = await scanHostKey(server.host, server.sshPort, server.alias);
  return { keys, fingerprints: await fingerprintHostKeys(keys) };
}

/** Trust exactly these keys for the server from now on; a different key is then refused. */
export async function pinServerHostKey(
  home: string,
  server: Pick<Server, 'host' | 'sshPort'>,
  scan: HostKeyScan,
): Promise<void> {
  await pinHostKey(hubSshPaths(home).knownHostsFile, server.host, server.sshPort, scan.keys);
}

/** Whether the hub already trusts a host key for this server (the hub itself needs none). */
export async function isHostKeyPinned(home: string, server: Pick<Server, 'alias' | 'host' | 'sshPort' | 'services'>): Promise<boolean> {
  if (isLocalServer(server)) return true;
  const name = knownHostsName(server.host, server.sshPort);
  const text = await readFile(hubSshPaths(home).knownHostsFile, 'utf8').catch(() => '');
  return text.split('\n').some((line) => (line.trim().split(/\s+/)[0] ?? '').split(',').includes(name));
}
