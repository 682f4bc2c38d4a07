import { chmodSync, mkdirSync, statSync } from 'node:fs';
import type { Server } from '../../model/index.js';
import { locateDatabase, openStore, secretBoxIn, type Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { detectServices, type DetectedServices } from './detect-services.js';
import { hubPublicKey } from './hub-keys.js';
import { addServer } from '../entities/server-use-cases.js';

/** Where Debian's MariaDB and MySQL listen for local clients. */
export const DEFAULT_MYSQL_SOCKET = '/run/mysqld/mysqld.sock';

/** The server the hub itself is, created by `init`. */
export const HUB_SERVER_ALIAS = '@localhost';

export interface InitOptions {
  /** AEGIR_HOME. */
  readonly home: string;
  /** AEGIR_DATABASE_URL (postgres://...), or undefined for SQLite in `home`. */
  readonly databaseUrl?: string | undefined;
  /** PATH to detect installed services in (default: this process's PATH). */
  readonly pathEnv?: string | undefined;
}

export interface InitResult {
  readonly home: string;
  readonly backend: 'sqlite' | 'postgres';
  /** The SQLite file, when the backend is SQLite. */
  readonly databaseFile?: string;
  /** The hub's own server, and whether this run created it. */
  readonly hub: Server;
  readonly hubCreated: boolean;
  /** The hub's SSH public key line, for each spoke's authorized_keys. */
  readonly publicKey: string;
}

/**
 * Prepares a hub: AEGIR_HOME (0700), the secret key, the database at the latest schema, and the
 * server `@localhost` with the services found installed, and the hub's SSH key pair. Each step leaves what exists alone, so
 * running it again is safe.
 */
export async function initHub(actor: Actor, options: InitOptions): Promise<InitResult> {
  checkActor(actor);
  ensureHome(options.home);
  const box = secretBoxIn(options.home);
  const location = locateDatabase(options.home, options.databaseUrl);
  const store = await openStore({ home: options.home, databaseUrl: options.databaseUrl, box });
  try {
    const { server, created } = await ensureHubServer(store, actor, detectServices(options.pathEnv ?? process.env.PATH));
    const publicKey = await hubPublicKey(options.home);
    return {
      home: options.home,
      backend: location.backend,
      ...(location.backend === 'sqlite' ? { databaseFile: location.file } : {}),
      hub: server,
      hubCreated: created,
      publicKey,
    };
  } finally {
    await store.close();
  }
}

function ensureHome(home: string): void {
  let existed = true;
  try {
    statSync(home);
  } catch {
    existed = false;
  }
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (!existed) chmodSync(home, 0o700);
}

async function ensureHubServer(
  store: Store,
  actor: Actor,
  detected: DetectedServices,
): Promise<{ server: Server; created: boolean }> {
  const existing = await store.servers.get(HUB_SERVER_ALIAS);
  if (existing !== undefined) return { server: existing, created: false };
  const server = await addServer(store, actor, {
    alias: HUB_SERVER_ALIAS,
    host: 'localhost',
    http: detected.http,
    db: detected.db,
    files: 'local',
    // Debian's MariaDB lets root in through its socket without a password: the hub is root's peer.
    ...(detected.db === 'mysql' ? { set: [`db.socket=${DEFAULT_MYSQL_SOCKET}`] } : {}),
  });
  return { server, created: true };
}
