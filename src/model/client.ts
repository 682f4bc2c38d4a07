import { z } from 'zod';
import { clientNameSchema } from './fields.js';
import { parseEntity } from './zod-issues.js';

/** The tenant that owns sites. Clients are addressed by name (usable as a unix group). */
export const clientSchema = z.strictObject({
  name: clientNameSchema,
});

export type Client = z.output<typeof clientSchema>;

export function parseClient(raw: unknown): Client {
  return parseEntity(clientSchema, raw, { what: 'a client' });
}
