import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

/** The kinds of entity that share the one alias namespace. */
export type NamedKind = 'server' | 'cluster' | 'platform' | 'site';

/** Reserves an alias; the primary key refuses a second claim, even from a racing transaction. */
export async function claimName(db: Kysely<DatabaseSchema>, alias: string, kind: NamedKind): Promise<void> {
  await db.insertInto('names').values({ alias, kind }).execute();
}

export async function releaseName(db: Kysely<DatabaseSchema>, alias: string): Promise<void> {
  await db.deleteFrom('names').where('alias', '=', alias).execute();
}

/** Which kind of entity holds an alias, if any. */
export async function kindOfName(db: Kysely<DatabaseSchema>, alias: string): Promise<NamedKind | undefined> {
  const row = await db.selectFrom('names').select('kind').where('alias', '=', alias).executeTakeFirst();
  return row?.kind as NamedKind | undefined;
}
