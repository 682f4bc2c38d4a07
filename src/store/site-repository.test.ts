import { expect, it } from 'vitest';
import { Secret } from '../model/index.js';
import { siteCredentials } from '../model/site.js';
import { createFixture, describeEachBackend } from '../../test/store/backends.js';
import { dbServer, platform, site, webServer } from '../../test/store/sample-entities.js';

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

      // A blob moved to another column does not open.
      await store.db.updateTable('sites').set({ hash_salt: raw.db_password }).execute();
      await expect(store.sites.get('@wiki.example.com')).rejects.toThrow(/cannot be decrypted/);
    } finally {
      await store.close();
      fixture.dispose();
    }
  });
});
