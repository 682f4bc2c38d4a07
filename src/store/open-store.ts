import type { SecretBox } from '../model/index.js';
import { secretBoxIn } from './secret-key.js';
import { connectDatabase, locateDatabase, type DatabaseLocation } from './database.js';
import { migrateToLatest } from './migrations.js';
import { Store } from './store.js';

export interface OpenStoreOptions {
  /** AEGIR_HOME: holds secret.key, and aegir.db when the backend is SQLite. */
  readonly home: string;
  /** A postgres:// URL selects PostgreSQL (AEGIR_DATABASE_URL); absent or empty selects SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Apply pending migrations first (default true). */
  readonly migrate?: boolean;
  /** The clock for created_at/updated_at (ISO-8601 strings). */
  readonly now?: () => string;
  /** The box for secrets at rest; defaults to the one keyed by `<home>/secret.key`. */
  readonly box?: SecretBox;
}

/** Opens (and by default migrates) the hub database. Close it with `store.close()`. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const location: DatabaseLocation = locateDatabase(options.home, options.databaseUrl);
  const db = connectDatabase(location);
  try {
    if (options.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const box = options.box ?? secretBoxIn(options.home);
  return new Store(location.backend, { db, box, now: options.now ?? (() => new Date().toISOString()) });
}
