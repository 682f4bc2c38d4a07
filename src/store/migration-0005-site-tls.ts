import type { Kysely, Migration } from 'kysely';

/**
 * TLS of a site: its mode (`off`, `on`, `required`), its certificate issuer (`self-signed`,
 * `acme`), and the certificate the hub holds: the chain and its facts as JSON, and the private
 * key encrypted (SecretBox, bound to the site and column). Existing sites get TLS off.
 */
export const migration0005SiteTls: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sites').addColumn('tls', 'text', (c) => c.notNull().defaultTo('off')).execute();
    await db.schema.alterTable('sites').addColumn('tls_issuer', 'text', (c) => c.notNull().defaultTo('self-signed')).execute();
    await db.schema.alterTable('sites').addColumn('tls_certificate', 'text').execute();
    await db.schema.alterTable('sites').addColumn('tls_key', 'text').execute();
  },
};
