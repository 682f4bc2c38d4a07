import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AegirError, SECRET_KEY_FILE } from '../../model/index.js';
import { openStore, type Store } from '../../store/index.js';

/**
 * Opens the hub's store for one use and closes it after; refuses a hub that was never initialised
 * (no secret key in AEGIR_HOME).
 */
export async function withHubStore<T>(hub: { readonly home: string; readonly databaseUrl: string | undefined }, fn: (store: Store) => Promise<T>): Promise<T> {
  if (!existsSync(join(hub.home, SECRET_KEY_FILE))) {
    throw new AegirError('not_initialised', `no hub at ${hub.home} (AEGIR_HOME): run 'aegir init' first`);
  }
  const store = await openStore({ home: hub.home, databaseUrl: hub.databaseUrl });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
