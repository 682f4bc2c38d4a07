/**
 * Claiming in groups: queued tasks of a grouped verb that stand on the same platform, web servers
 * and db server are claimed with the first one, up to a limit, on both backends; other verbs,
 * other platforms, other db servers, later attempts and tasks that must wait are left to run alone.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { requestTask } from '../../src/hosting/index.js';
import type { Store } from '../../src/store/index.js';
import { claimTask, claimTasks, readTaskLog, type ClaimOptions } from '../../src/store/queue/index.js';
import { createFixture, describeEachBackend, type StoreFixture } from '../store/backends.js';
import { dbServer, site } from '../store/sample-entities.js';
import { anyVerb, seedInventory } from './support.js';

const ACTOR = 'cli:tester';

describeEachBackend('claiming tasks in groups', (backend) => {
  let fixture: StoreFixture;
  let store: Store;

  beforeEach(async () => {
    fixture = await createFixture(backend);
    store = await fixture.open();
    await seedInventory(store);
    await store.servers.insert(dbServer('@db2'));
    await store.sites.insert({ ...site('d.example.com'), platform: '@p1' });
    await store.sites.insert({ ...site('e.example.com'), platform: '@p1', db: '@db2' });
  });

  afterEach(async () => {
    await store.close();
    fixture.dispose();
  });

  const ask = (verb: string, target: string): Promise<number> => requestTask(store, ACTOR, { verb, target }, anyVerb);
  const options = (limit = 10, owner = 'w1'): ClaimOptions => ({ owner, leaseMs: 30_000, perServerLimit: 4, maxAttempts: 3, group: { verbs: ['install'], limit } });
  const ids = async (limit?: number, owner?: string): Promise<number[]> => (await claimTasks(store, options(limit, owner))).map((t) => t.id);

  it('claims installs on the same platform and db server together; the rest alone, in queue order', async () => {
    const a = await ask('install', '@a.example.com');
    const c = await ask('install', '@c.example.com');
    const b = await ask('install', '@b.example.com');
    const verifyA = await ask('verify', '@a.example.com');
    const e = await ask('install', '@e.example.com');
    const d = await ask('install', '@d.example.com');

    expect(await ids()).toEqual([a, b, d]);
    for (const id of [a, b, d]) {
      expect((await readTaskLog(store, id)).find((entry) => entry.type === 'claimed')?.data).toMatchObject({ owner: 'w1', attempt: 1, group: a, groupSize: 3 });
    }
    expect(await ids()).toEqual([c]);
    // verify @a waits for the install of @a (same site); the install on @db2 runs on its own.
    expect(await ids()).toEqual([e]);
    expect(await ids()).toEqual([]);
    expect(verifyA).toBeGreaterThan(c);
  });

  it('holds the limit, and a task without a group option is claimed alone', async () => {
    const a = await ask('install', '@a.example.com');
    const b = await ask('install', '@b.example.com');
    const d = await ask('install', '@d.example.com');
    expect(await ids(2)).toEqual([a, b]);
    expect((await claimTask(store, { owner: 'w2', leaseMs: 30_000, perServerLimit: 4, maxAttempts: 3 }))?.id).toBe(d);
  });

  it('a running group counts as one task toward the per-server limit', async () => {
    const a = await ask('install', '@a.example.com');
    const b = await ask('install', '@b.example.com');
    const d = await ask('install', '@d.example.com');
    const c = await ask('install', '@c.example.com');
    expect(await ids()).toEqual([a, b, d]);
    // Three tasks run on @db1, as one group: with two runs allowed per server, @c may start.
    const next = await claimTasks(store, { ...options(10, 'w2'), perServerLimit: 2 });
    expect(next.map((t) => t.id)).toEqual([c]);
  });

  it('a task run before (its worker died) neither leads nor joins a group', async () => {
    const a = await ask('install', '@a.example.com');
    const b = await ask('install', '@b.example.com');
    const first = await claimTask(store, { owner: 'dead', leaseMs: 1, perServerLimit: 4, maxAttempts: 3 });
    expect(first?.id).toBe(a);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The lease of @a expired: recovered and queued again as attempt 1, it runs alone.
    expect(await ids()).toEqual([a]);
    expect(await ids()).toEqual([b]);
  });
});
