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
} from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
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
