import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A site that was never installed is `new` (it was `queued`, which read like a task waiting in
 * the queue). Only the value changes; the column stays as it is.
 */
export const migration0007SiteNew: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`update sites set status = 'new' where status = 'queued'`.execute(db);
  },
};
