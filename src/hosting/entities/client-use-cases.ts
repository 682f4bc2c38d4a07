import { checkClientFree, checkClientRemoval, NotFoundError, parseClient, parseClientName, type Client } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';

/** Adds a client (a tenant that owns sites), addressed by name. */
export async function addClient(store: Store, actor: Actor, name: string): Promise<Client> {
  checkActor(actor);
  return await store.transaction(async (tx) => {
    const client = parseClient({ name });
    checkClientFree(await tx.loadInventory(), client);
    await tx.clients.insert(client);
    return client;
  });
}

/** Removes a client that owns no sites. */
export async function removeClient(store: Store, actor: Actor, name: string): Promise<Client> {
  checkActor(actor);
  const key = parseClientName('client', name);
  return await store.transaction(async (tx) => {
    const current = await tx.clients.get(key);
    if (current === undefined) throw new NotFoundError('client', key);
    checkClientRemoval(await tx.loadInventory(), key);
    await tx.clients.delete(key);
    return current;
  });
}
