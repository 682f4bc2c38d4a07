import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConflictError, Secret, ValidationError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { createFixture, describeEachBackend, type StoreFixture } from '../../../test/store/backends.js';
import { addClient, addCluster, addPlatform, addServer, addSite, removeServer, removeSite, setServer, setSite, showEntity } from '../index.js';

const ACTOR = 'test:hosting';

describeEachBackend('hosting use cases', (backend) => {
  let fixture: StoreFixture;
  let store: Store;

  beforeEach(async () => {
    fixture = await createFixture(backend);
    store = await fixture.open();
    await addServer(store, ACTOR, { alias: '@web1', host: '10.0.0.11', http: 'nginx' });
    await addServer(store, ACTOR, { alias: '@db1', host: 'db1.example.com', db: 'postgres', set: ['db.password=s3cret-pw'] });
    await addCluster(store, ACTOR, { alias: '@web', servers: '@web1' });
    await addPlatform(store, ACTOR, { alias: '@mw139', root: '/var/aegir/platforms/mw139', app: 'mediawiki', web: '@web' }, { home: '/root/.aegir' });
    await addClient(store, ACTOR, 'acme');
    await addSite(store, ACTOR, { uri: 'wiki.example.com', platform: '@mw139', db: '@db1', aliases: 'www.wiki.example.com' });
  });

  afterEach(async () => {
    await store.close();
    fixture.dispose();
  });

  it('stores what the model accepted, with defaults and the secret as a Secret', async () => {
    const shown = await showEntity(store, ACTOR, '@db1');
    expect(shown.kind).toBe('server');
    const settings = shown.kind === 'server' ? shown.entity.services.db.settings : {};
    expect(settings).toMatchObject({ user: 'postgres', port: 5432 });
    expect((settings as { password: Secret }).password.reveal()).toBe('s3cret-pw');
  });

  it('refuses invalid or conflicting changes and leaves the inventory as it was', async () => {
    const before = JSON.stringify(await store.loadInventory());
    await expect(setServer(store, ACTOR, '@web1', ['http=null'])).rejects.toBeInstanceOf(ConflictError);
    await expect(removeServer(store, ACTOR, '@db1')).rejects.toThrow(/used by site @wiki\.example\.com/);
    await expect(setSite(store, ACTOR, 'wiki.example.com', ['client=ghost'])).rejects.toBeInstanceOf(ValidationError);
    await expect(addSite(store, ACTOR, { uri: 'www.wiki.example.com', platform: '@mw139', db: '@db1' })).rejects.toBeInstanceOf(ConflictError);
    await expect(addServer(store, ACTOR, { alias: '@mw139', host: 'x.example.com' })).rejects.toBeInstanceOf(ConflictError);
    expect(JSON.stringify(await store.loadInventory())).toBe(before);
  });

  it('keeps an installed site whole: no record-only move or removal, and its status is for the tasks', async () => {
    await addServer(store, ACTOR, { alias: '@db2', host: 'db2.example.com', db: 'postgres' });
    const installed = await store.sites.get('@wiki.example.com');
    if (installed === undefined) throw new Error('no site');
    await store.sites.update({ ...installed, status: 'enabled' });
    const before = JSON.stringify(await store.loadInventory());
    await expect(setSite(store, ACTOR, 'wiki.example.com', ['db=@db2'])).rejects.toThrow(/is installed: its db changes with 'aegir migrate/);
    await expect(setSite(store, ACTOR, 'wiki.example.com', ['status=disabled'])).rejects.toBeInstanceOf(ValidationError);
    await expect(removeSite(store, ACTOR, 'wiki.example.com')).rejects.toThrow(/'aegir delete @wiki\.example\.com' removes it/);
    expect(JSON.stringify(await store.loadInventory())).toBe(before);
    await expect(setSite(store, ACTOR, 'wiki.example.com', ['client=acme'])).resolves.toMatchObject({ client: 'acme' });
  });

  it('redacts a refused password and refuses an actor that does not say who it is', async () => {
    const refused = addServer(store, ACTOR, { alias: '@db2', host: 'db2.example.com', set: ['db.password=hunter2-pw'] });
    await expect(refused).rejects.toThrow('db.password: "********" is not a setting of db.null');
    await expect(addClient(store, '', 'newco')).rejects.toThrow(/actor/);
    expect((await store.clients.list()).map((c) => c.name)).toEqual(['acme']);
  });

  // Two connections in one process interleave only on PostgreSQL (a blocked better-sqlite3 call blocks
  // the thread); SQLite's cross-process race is covered by the CLI tests.
  it.runIf(backend === 'postgres')('lets only one of two concurrent adds claim a site name', async () => {
    const other = await fixture.open();
    const results = await Promise.allSettled([
      addSite(store, ACTOR, { uri: 'a.example.com', platform: '@mw139', db: '@db1', aliases: 'shared.example.com' }),
      addSite(other, ACTOR, { uri: 'b.example.com', platform: '@mw139', db: '@db1', aliases: 'shared.example.com' }),
    ]);
    await other.close();
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await store.sites.list()).filter((s) => s.aliases.includes('shared.example.com'))).toHaveLength(1);
  });
});
