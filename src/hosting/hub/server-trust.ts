/**
 * `server add` as a person runs it with `--accept-host-key`: the input is checked first, then the
 * host key is fetched, then the server is stored and the key pinned. A server that cannot be
 * reached for its key is not added.
 */
import { checkAliasFree, checkServer, parseServerInput, type Server, type ServerInput } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { withSecretsRedacted } from '../entities/redact-secrets.js';
import { checkSshKeyFile } from '../entities/ssh-key-file.js';
import { addServer } from '../entities/server-use-cases.js';
import { pinServerHostKey, scanServerHostKey } from './hub-keys.js';

export interface AddServerOptions {
  /** Scan the server's host key now and trust it (the hub's known_hosts); else verify asks later. */
  readonly acceptHostKey?: boolean;
  /** AEGIR_HOME, where known_hosts lives. */
  readonly home: string;
}

export interface AddedServer {
  readonly server: Server;
  /** Fingerprints of the host keys now trusted, when asked to accept them. */
  readonly fingerprints?: readonly string[];
}

/**
 * `server add` as a person runs it: the input is checked first, then (when asked) the host key is
 * fetched, then the server is stored and the key pinned. A server that cannot be reached for its
 * key is not added.
 */
export async function addServerAndTrust(
  store: Store,
  actor: Actor,
  input: ServerInput,
  options: AddServerOptions,
): Promise<AddedServer> {
  checkActor(actor);
  const parsed = await withSecretsRedacted(async () => {
    const server = parseServerInput(input);
    const inv = await store.loadInventory();
    checkAliasFree(inv, server.alias);
    checkServer(inv, server);
    checkSshKeyFile(server);
    return server;
  });
  const scan = options.acceptHostKey === true ? await scanServerHostKey(parsed) : undefined;
  const server = await addServer(store, actor, input);
  if (scan === undefined) return { server };
  await pinServerHostKey(options.home, server, scan);
  return { server, fingerprints: scan.fingerprints };
}
