import type { Kysely, Migration } from 'kysely';

/**
 * What the hub keeps about a site beyond its record: the names of its database and account, and
 * the secrets it generated (the account's password, the app's hash salt), encrypted. All nullable:
 * a site gets them just before its first install.
 */
export const siteStateMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of ['db_name', 'db_user', 'db_password', 'hash_salt']) {
      await db.schema.alterTable('sites').addColumn(column, 'text').execute();
    }
  },
};
