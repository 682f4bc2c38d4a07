import { z } from 'zod';
import { entityAliasSchema, hostSchema, plainPathSchema, portSchema, userNameSchema } from './fields.js';
import { precheckServices, serviceBundleSchema, serviceFieldName } from './service-bundle.js';
import { parseEntity } from './zod-issues.js';

/**
 * A machine the hub reaches (itself, or over SSH) with its bundle of services. Secret settings
 * (db.password) are `Secret` values: printed as `********`, stored encrypted.
 */
export const serverSchema = z.strictObject({
  alias: entityAliasSchema,
  host: hostSchema,
  sshPort: portSchema.default(22),
  sshUser: userNameSchema.default('root'),
  /** A private key on the hub for this server (else the hub's own key); ssh reads it as it is. */
  sshKey: plainPathSchema.optional(),
  services: serviceBundleSchema,
});

export type Server = z.output<typeof serverSchema>;

/**
 * Validates a whole server (from the store, the API or a built object) and fills defaults.
 * Fields are named as on the command line (`host`, `http`, `http.port`).
 */
export function parseServer(raw: unknown): Server {
  if (typeof raw === 'object' && raw !== null) precheckServices((raw as { services?: unknown }).services);
  return parseEntity(serverSchema, raw, { what: 'a server', fieldName: serviceFieldName });
}
