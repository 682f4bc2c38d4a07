export { STORE_BACKENDS, SQLITE_FILE, locateDatabase, connectDatabase } from './database.js';
export type { StoreBackend, DatabaseLocation } from './database.js';
export { SCHEMA_VERSION, migrateToLatest } from './migrations.js';
export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { Store } from './store.js';
export type { Repository } from './repository.js';
export type { NamedKind } from './names.js';
export type { DatabaseSchema } from './schema.js';
