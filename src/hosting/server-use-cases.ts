import {
  applySettings,
  checkAliasFree,
  checkRemoval,
  checkServer,
  NotFoundError,
  parseAlias,
  parseServerInput,
  type Server,
  type ServerInput,
  ValidationError,
} from '../model/index.js';
import type { Store } from '../store/index.js';
import { checkActor, type Actor } from './actor.js';
import { pinServerHostKey, scanServerHostKey } from './hub-keys.js';
import { withSecretsRedacted } from './redact-secrets.js';
import { checkSshKeyFile } from './ssh-key-file.js';

/** Adds a server after checking its fields, its settings and that its alias is free. */
export async function addServer(store: Store, actor: Actor, input: ServerInput): Promise<Server> {
  checkActor(actor);
  return await withSecretsRedacted(() =>
    store.transaction(async (tx) => {
      const server = parseServerInput(input);
      const inv = await tx.loadInventory();
      checkAliasFree(inv, server.alias);
      checkServer(inv, server);
      checkSshKeyFile(server);
      await tx.servers.insert(server);
      return server;
    }),
  );
}

/** Changes a server with `KEY=VALUE` assignments (`host=...`, `http=apache`, `http.port=8080`). */
export async function setServer(store: Store, actor: Actor, alias: string, assignments: readonly string[]): Promise<Server> {
  checkActor(actor);
  const key = parseAlias('server', alias);
  if (assignments.length === 0) {
    throw new ValidationError('changes', assignments, 'are missing (give KEY=VALUE, e.g. http.port=8080, with KEY one of: host, sshPort, sshUser, sshKey, http, db, files, SERVICE.KEY)');
  }
  return await withSecretsRedacted(() =>
    store.transaction(async (tx) => {
      const current = await tx.servers.get(key);
      if (current === undefined) throw new NotFoundError('server', key);
      const server = applySettings(current, assignments);
      checkServer(await tx.loadInventory(), server);
      checkSshKeyFile(server, current);
      await tx.servers.update(server);
      return server;
    }),
  );
}

/** Removes a server nothing uses; the refusal names every platform, cluster and site using it. */
export async function removeServer(store: Store, actor: Actor, alias: string): Promise<Server> {
  checkActor(actor);
  const key = parseAlias('server', alias);
  return await store.transaction(async (tx) => {
    const current = await tx.servers.get(key);
    if (current === undefined) throw new NotFoundError('server', key);
    checkRemoval(await tx.loadInventory(), key);
    await tx.servers.delete(key);
    return current;
  });
}

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
