import { expect, it } from 'vitest';
import { REDACTED, Secret } from '../model/index.js';
import { siteCredentials } from '../model/site.js';
import { createFixture, describeEachBackend } from '../../test/store/backends.js';
import { client, dbServer, platform, site, webServer } from '../../test/store/sample-entities.js';
import { migration0006SiteDbNames } from './migration-0006-site-db-names.js';

const PASSWORD = 'site-db-password-never-in-clear-0123';
const SALT = 'site-hash-salt-never-in-clear-456789';

describeEachBackend('site credentials in the store', (backend) => {
  it('are kept with the site, secrets encrypted and bound to the site, and a failed status is stored', async () => {
    const fixture = await createFixture(backend);
    const store = await fixture.open();
    try {
      await store.servers.insert(webServer());
      await store.servers.insert(dbServer());
      await store.platforms.insert(platform());
      await store.sites.insert(site());
      expect(siteCredentials((await store.sites.get('@wiki.example.com'))!)).toBeUndefined();

      const creds = { dbName: 'wiki_example_com', dbUser: 'wiki_example_com', dbPassword: new Secret(PASSWORD), hashSalt: new Secret(SALT) };
      await store.sites.update({ ...site(), ...creds, status: 'failed' });
      const loaded = await store.sites.get('@wiki.example.com');
      expect(loaded?.status).toBe('failed');
      const back = loaded === undefined ? undefined : siteCredentials(loaded);
      expect(back?.dbName).toBe('wiki_example_com');
      expect(back?.dbPassword.reveal()).toBe(PASSWORD);
      expect(back?.hashSalt.reveal()).toBe(SALT);
      expect((await store.loadInventory()).sites[0]?.dbPassword?.reveal()).toBe(PASSWORD);

      const raw = await store.db.selectFrom('sites').select(['db_name', 'db_password', 'hash_salt']).executeTakeFirstOrThrow();
      expect(raw.db_name).toBe('wiki_example_com');
      expect(JSON.stringify(raw)).not.toContain(PASSWORD);
      expect(JSON.stringify(raw)).not.toContain(SALT);
      expect(JSON.stringify(loaded)).not.toContain(PASSWORD);

      // A blob moved to another column does not open (secrets open when first used).
      await store.db.updateTable('sites').set({ hash_salt: raw.db_password }).execute();
      const moved = await store.sites.get('@wiki.example.com');
      expect(() => moved?.hashSalt?.reveal()).toThrow(/cannot be decrypted/);
      expect(moved?.dbPassword?.reveal()).toBe(PASSWORD);
    } finally {
      await store.close();
      fixture.dispose();
    }
  });
});

describeEachBackend('the site listing', (backend) => {
  it('shows every site as the full records serialise, secrets as ********, without decrypting them', async () => {
    const fixture = await createFixture(backend);
    const store = await fixture.open();
    try {
      await store.servers.insert(webServer());
      await store.servers.insert(dbServer());
      await store.platforms.insert(platform());
      await store.clients.insert(client());
      const certificate = {
        chain: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', key: new Secret('key-never-in-clear-0123456789'),
        notAfter: '2030-01-01T00:00:00.000Z', names: ['shop.example.com', 'www.shop.example.com'], issuer: 'self-signed' as const,
      };
      await store.sites.insert({ ...site('wiki.example.com', ['wiki.example.org', 'w.example.org']), status: 'enabled' });
      await store.sites.insert({
        ...site('shop.example.com', ['www.shop.example.com']), redirect: true, client: 'acme', tls: 'required', tlsIssuer: 'acme', certificate,
        dbName: 'shop_example_com', dbUser: 'shop_example_com', dbPassword: new Secret(PASSWORD), hashSalt: new Secret(SALT),
      });
      await store.sites.insert(site('blog.example.com'));

      const listed = await store.sites.listRedacted();
      expect(JSON.stringify(listed)).toBe(JSON.stringify(await store.sites.list()));
      expect(listed.map((s) => s.uri)).toEqual(['blog.example.com', 'shop.example.com', 'wiki.example.com']);
      expect(listed[1]).toMatchObject({ dbPassword: REDACTED, hashSalt: REDACTED, certificate: { key: REDACTED } });
      expect(listed[2]?.aliases).toEqual(['wiki.example.org', 'w.example.org']);

      // Nothing is decrypted: a secret that no longer opens does not stop the listing.
      await store.db.updateTable('sites').set({ hash_salt: 'v1:garbage' }).where('alias', '=', '@shop.example.com').execute();
      const full = await store.sites.list();
      expect(() => full.find((site) => site.alias === '@shop.example.com')?.hashSalt?.reveal()).toThrow(/cannot be decrypted/);
      expect(JSON.stringify(await store.sites.listRedacted())).toBe(JSON.stringify(listed));
    } finally {
      await store.close();
      fixture.dispose();
    }
  });
});

describeEachBackend('site database names in the store', (backend) => {
  it('are each held by one site per db server: a second claim is refused naming the holder, a freed name is free again', async () => {
    const fixture = await createFixture(backend);
    const store = await fixture.open();
    try {
      await store.servers.insert(webServer());
      await store.servers.insert(dbServer());
      await store.platforms.insert(platform());
      const creds = (name: string, user = name) => ({ dbName: name, dbUser: user, dbPassword: new Secret(PASSWORD), hashSalt: new Secret(SALT) });
      await store.sites.insert({ ...site(), ...creds('wiki_db', 'wiki_user') });
      const other = { ...site(), alias: '@shop.example.com', uri: 'shop.example.com' };
      // As database or as account, racing past the model's checks: the store refuses it, naming the holder.
      for (const taken of [creds('wiki_user', 'shop'), creds('shop', 'wiki_db'), creds('wiki_db')]) {
        await expect(store.sites.insert({ ...other, ...taken })).rejects.toThrow(/wiki_(db|user) on @db1 is already the database or account of site wiki\.example\.com/);
      }
      expect(await store.sites.get('@shop.example.com')).toBeUndefined();
      await store.sites.insert({ ...other, ...creds('shop') });
      await expect(store.sites.update({ ...other, ...creds('shop', 'wiki_user') })).rejects.toThrow(/already the database or account/);
      // A restore gives the site a new database name: the old one is released.
      await store.sites.update({ ...site(), ...creds('wiki_db_2', 'wiki_user') });
      await store.sites.update({ ...other, ...creds('wiki_db', 'shop') });
      await store.sites.delete('@wiki.example.com');
      await store.sites.update({ ...other, ...creds('wiki_db', 'wiki_user') });
      expect((await store.db.selectFrom('site_db_names').selectAll().orderBy('name').execute()).map((r) => `${r.server} ${r.name} ${r.site}`))
        .toEqual(['@db1 wiki_db @shop.example.com', '@db1 wiki_user @shop.example.com']);
    } finally {
      await store.close();
      fixture.dispose();
    }
  });
});

describeEachBackend('site database names of a hub made before they were claimed', (backend) => {
  it('are claimed by the migration, a name two sites share going to the one made first', async () => {
    const fixture = await createFixture(backend);
    const store = await fixture.open();
    try {
      await store.servers.insert(webServer());
      await store.servers.insert(dbServer());
      await store.platforms.insert(platform());
      await store.sites.insert({ ...site(), dbName: 'wiki_db', dbUser: 'wiki_db', dbPassword: new Secret(PASSWORD), hashSalt: new Secret(SALT) });
      await store.sites.insert({ ...site(), alias: '@shop.example.com', uri: 'shop.example.com', dbName: 'shop', dbUser: 'shop_user' });
      // As an older hub left them: no claims, and a name shared by two sites.
      await store.db.schema.dropTable('site_db_names').execute();
      await store.db.updateTable('sites').set({ db_user: 'wiki_db', created_at: '2999-01-01T00:00:00.000Z' }).where('alias', '=', '@shop.example.com').execute();
      await migration0006SiteDbNames.up(store.db);
      expect((await store.db.selectFrom('site_db_names').selectAll().orderBy('name').execute()).map((r) => `${r.name} ${r.site}`))
        .toEqual(['shop @shop.example.com', 'wiki_db @wiki.example.com']);
    } finally {
      await store.close();
      fixture.dispose();
    }
  });
});

describeEachBackend("the hub's own database", (backend) => {
  it('is named on PostgreSQL (database and role), so no site can adopt it; SQLite has none', async () => {
    const fixture = await createFixture(backend);
    const store = await fixture.open();
    try {
      const names = await store.ownDatabaseNames();
      if (backend === 'sqlite') expect(names).toEqual([]);
      else expect(names).toEqual([new URL(fixture.databaseUrl ?? '').pathname.slice(1), new URL(fixture.databaseUrl ?? '').username]);
    } finally {
      await store.close();
      fixture.dispose();
    }
  });
});
