import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/model/errors.js';
import { Secret } from '../../src/model/index.js';
import { SCHEMA_VERSION, type Store } from '../../src/store/index.js';
import { createFixture, describeEachBackend, type StoreFixture } from './backends.js';
import { PASSWORD, client, cluster, dbServer, platform, site, webServer } from './sample-entities.js';

describeEachBackend('store', (backend) => {
  let fixture: StoreFixture;
  let store: Store;

  beforeEach(async () => {
    fixture = await createFixture(backend);
    store = await fixture.open();
  });

  afterEach(async () => {
    await store.close();
    fixture.dispose();
  });

  it('migrates a fresh database, records the schema version, and migrating again is harmless', async () => {
    expect(store.backend).toBe(backend);
    expect(await store.getMeta('schema_version')).toBe(String(SCHEMA_VERSION));
    await store.servers.insert(webServer());
    const again = await fixture.open();
    expect(await again.getMeta('schema_version')).toBe(String(SCHEMA_VERSION));
    expect(await again.servers.get('@web1')).toEqual(webServer());
    await again.close();
  });

  it("migrates a never-installed site recorded as 'queued' to 'new'", async () => {
    await store.servers.insert(webServer());
    await store.servers.insert(dbServer());
    await store.platforms.insert(platform());
    await store.sites.insert(site());
    // The database as release 0005 left it: the site 'queued', migration 0006 not applied.
    await sql`update sites set status = 'queued'`.execute(store.db);
    await sql`delete from kysely_migration where name = '0007-site-new'`.execute(store.db);
    await sql`update meta set value = '5' where key = 'schema_version'`.execute(store.db);
    const again = await fixture.open();
    expect(await again.getMeta('schema_version')).toBe(String(SCHEMA_VERSION));
    expect((await again.sites.get('@wiki.example.com'))?.status).toBe('new');
    await again.close();
  });

  it('stores, reads, updates and deletes every entity', async () => {
    await store.servers.insert(webServer());
    await store.servers.insert(dbServer());
    await store.clusters.insert(cluster('@web', ['@web1']));
    await store.platforms.insert(platform('@mw139', '@web'));
    await store.clients.insert(client('acme'));
    await store.sites.insert({ ...site('wiki.example.com', ['www.wiki.example.com', 'w.example.com']), client: 'acme' });

    const inv = await store.loadInventory();
    expect(inv.servers.map((s) => s.alias)).toEqual(['@db1', '@web1']);
    expect(inv.clusters).toEqual([cluster('@web', ['@web1'])]);
    expect(inv.platforms).toEqual([platform('@mw139', '@web')]);
    expect(inv.clients).toEqual([client('acme')]);
    expect(inv.sites).toEqual([{ ...site('wiki.example.com', ['www.wiki.example.com', 'w.example.com']), client: 'acme' }]);
    expect(await store.servers.get('@db1')).toMatchObject({ sshPort: 2222, sshKey: '/root/.ssh/id_ed25519' });

    await store.servers.insert(webServer('@web2'));
    await store.clusters.update(cluster('@web', ['@web2', '@web1']));
    expect((await store.clusters.get('@web'))?.servers).toEqual(['@web2', '@web1']);
    await store.platforms.update({ ...platform('@mw139', '@web'), locked: true, source: '/srv/src/mw' });
    expect(await store.platforms.get('@mw139')).toMatchObject({ locked: true, source: '/srv/src/mw' });
    await store.sites.update({ ...site('wiki.example.com', ['alt.example.com']), status: 'enabled', redirect: true });
    expect(await store.sites.get('@wiki.example.com')).toEqual({
      ...site('wiki.example.com', ['alt.example.com']), status: 'enabled', redirect: true,
    });

    await store.sites.delete('@wiki.example.com');
    await store.platforms.delete('@mw139');
    await store.clusters.delete('@web');
    await store.clients.delete('acme');
    for (const alias of ['@web1', '@web2', '@db1']) await store.servers.delete(alias);
    expect(await store.loadInventory()).toEqual({ servers: [], clusters: [], platforms: [], sites: [], clients: [] });
    // A released alias can be used again, by another kind of entity.
    await store.servers.insert(webServer('@web1'));
    await store.clusters.insert(cluster('@mw139', ['@web1']));
  });

  it('reports missing entities as NotFoundError', async () => {
    expect(await store.servers.get('@nope')).toBeUndefined();
    await expect(store.servers.update(webServer('@nope'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.sites.delete('@nope.example.com')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.clients.delete('nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps secrets encrypted at rest, bound to their place, and returns them as Secret', async () => {
    await store.servers.insert(dbServer());
    const raw = await store.db.selectFrom('servers').select('db_settings').where('alias', '=', '@db1').executeTakeFirstOrThrow();
    expect(raw.db_settings).not.toContain(PASSWORD);
    expect(JSON.parse(raw.db_settings).password.$secret).toMatch(/^v1:/);
    const loaded = await store.servers.get('@db1');
    const password = loaded?.services.db.settings.password;
    expect(password).toBeInstanceOf(Secret);
    expect((password as Secret).reveal()).toBe(PASSWORD);
    expect(JSON.stringify(loaded)).not.toContain(PASSWORD);

    // A blob copied into another server's row does not open there (secrets open when first used).
    await store.servers.insert({ ...dbServer('@db2') });
    await store.db.updateTable('servers').set({ db_settings: raw.db_settings }).where('alias', '=', '@db2').execute();
    const moved = (await store.servers.get('@db2'))?.services.db;
    const movedPassword = moved?.impl === 'mysql' ? moved.settings.password : undefined;
    expect(() => movedPassword?.reveal()).toThrow(/cannot be decrypted/);
  });

  it('stores timestamps as ISO strings and bumps updated_at on update', async () => {
    const times = ['2024-01-02T03:04:05.000Z', '2024-06-07T08:09:10.000Z'];
    const clocked = await fixture.open({ now: () => times.shift() ?? 'late' });
    await clocked.clients.insert(client());
    await clocked.clients.update(client());
    const row = await clocked.db.selectFrom('clients').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'acme', created_at: '2024-01-02T03:04:05.000Z', updated_at: '2024-06-07T08:09:10.000Z' });
    await clocked.close();
  });

  it('keeps one alias namespace for servers, clusters, platforms and sites', async () => {
    await store.servers.insert(webServer('@web1'));
    await expect(store.clusters.insert(cluster('@web1', ['@web1']))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.platforms.insert(platform('@web1', '@web1'))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.servers.insert(webServer('@web1'))).rejects.toThrow(/server @web1: the name is already taken/);
    expect(await store.clusters.list()).toEqual([]);
    expect(await store.platforms.list()).toEqual([]);
  });

  it('never lets two sites share a name, as uri or alias', async () => {
    await store.servers.insert(webServer());
    await store.servers.insert(dbServer());
    await store.platforms.insert(platform());
    await store.sites.insert(site('a.example.com', ['www.a.example.com']));
    await expect(store.sites.insert(site('www.a.example.com'))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.sites.insert(site('b.example.com', ['a.example.com']))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.sites.insert(site('c.example.com', ['x.example.com', 'x.example.com']))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await store.sites.list()).map((s) => s.uri)).toEqual(['a.example.com']);
  });

  it('refuses, in the database too, to remove what is still in use', async () => {
    await store.servers.insert(webServer());
    await store.servers.insert(dbServer());
    await store.clusters.insert(cluster('@web', ['@web1']));
    await store.platforms.insert(platform('@mw139', '@web'));
    await store.sites.insert(site());
    await expect(store.servers.delete('@web1')).rejects.toBeInstanceOf(ConflictError);
    await expect(store.servers.delete('@db1')).rejects.toBeInstanceOf(ConflictError);
    await expect(store.clusters.delete('@web')).rejects.toBeInstanceOf(ConflictError);
    await expect(store.platforms.delete('@mw139')).rejects.toBeInstanceOf(ConflictError);
    const inv = await store.loadInventory();
    expect([inv.servers.length, inv.clusters.length, inv.platforms.length, inv.sites.length]).toEqual([2, 1, 1, 1]);
    expect(inv.clusters[0]?.servers).toEqual(['@web1']);
  });

  it('commits a transaction whole or not at all', async () => {
    await store.transaction(async (tx) => {
      await tx.clients.insert(client('one'));
      await tx.clients.insert(client('two'));
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.clients.insert(client('three'));
        await tx.transaction((inner) => inner.clients.insert(client('four')));
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    expect((await store.clients.list()).map((c) => c.name)).toEqual(['one', 'two']);
  });

  // On PostgreSQL two connections really interleave in one process. (Two better-sqlite3 connections
  // in one process cannot: a blocked writer blocks the thread; separate hub processes queue on the lock.)
  it.runIf(backend === 'postgres')('lets exactly one of two racing connections claim a site name', async () => {
    await store.servers.insert(webServer());
    await store.servers.insert(dbServer());
    await store.platforms.insert(platform());
    const [a, b] = [await fixture.open(), await fixture.open()];
    const results = await Promise.allSettled([
      a.transaction(async (tx) => {
        await tx.sites.insert(site('one.example.com', ['shared.example.com']));
        await sql`select 1`.execute(tx.db);
      }),
      b.transaction(async (tx) => {
        await tx.sites.insert(site('two.example.com', ['shared.example.com']));
        await sql`select 1`.execute(tx.db);
      }),
    ]);
    await a.close();
    await b.close();
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect(await store.sites.list()).toHaveLength(1);
  });
});
