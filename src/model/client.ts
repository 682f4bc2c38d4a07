import { z } from 'zod';
import { schemaOf } from './check.js';
import { checkNewClientName } from './names.js';
import { parseEntity } from './zod-issues.js';

/**
 * The tenant that owns sites. Clients are addressed by name (usable as a unix group): never the
 * name of a system account or group.
 */
export const clientSchema = z.strictObject({
  name: schemaOf(checkNewClientName),
});

export type Client = z.output<typeof clientSchema>;

export function parseClient(raw: unknown): Client {
  return parseEntity(clientSchema, raw, { what: 'a client' });
}
