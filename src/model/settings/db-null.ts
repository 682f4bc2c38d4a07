import { z } from 'zod';

/** Settings of `db.null`: none; the server hosts no databases. */
export const dbNullSettings = z.strictObject({});

export type DbNullSettings = z.output<typeof dbNullSettings>;
