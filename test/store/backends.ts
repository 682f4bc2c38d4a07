import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openStore, type Store, type StoreBackend } from '../../src/store/index.js';
import { createTestDatabase, postgresSkipReason, stopTestPostgres } from '../support/postgres.js';

/** A place for one store: a temp AEGIR_HOME, and on PostgreSQL a fresh database. */
export interface StoreFixture {
  readonly home: string;
  readonly databaseUrl: string | undefined;
  open(options?: { now?: () => string }): Promise<Store>;
  dispose(): void;
}

export async function createFixture(backend: StoreBackend): Promise<StoreFixture> {
  const home = mkdtempSync(join(tmpdir(), 'aegir-store-'));
  const databaseUrl = backend === 'postgres' ? await createTestDatabase() : undefined;
  return {
    home,
    databaseUrl,
    open: (options) => openStore({ home, databaseUrl, ...(options?.now ? { now: options.now } : {}) }),
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}

/**
 * `describe` once per store backend. PostgreSQL is skipped (with the reason in the suite name)
 * when its binaries are missing, unless AEGIR_REQUIRE_ALL=1 makes that a failure.
 */
export function describeEachBackend(name: string, body: (backend: StoreBackend) => void): void {
  afterAll(stopTestPostgres);
  for (const backend of ['sqlite', 'postgres'] as const) {
    const skip = backend === 'postgres' ? postgresSkipReason : undefined;
    if (skip !== undefined) describe.skip(`${name} [${backend}] (skipped: ${skip})`, () => body(backend));
    else describe(`${name} [${backend}]`, () => body(backend));
  }
}
