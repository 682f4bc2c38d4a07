import { z } from 'zod';
import { absolutePathSchema, booleanSchema, entityAliasSchema } from './fields.js';
import { parseEntity } from './zod-issues.js';

/** The kinds of application a platform can hold. */
export const APP_KINDS = ['drupal', 'wordpress', 'mediawiki', 'php'] as const;
export type AppKind = (typeof APP_KINDS)[number];

/**
 * A codebase at `root` of one app kind, served by `web` (a server or a cluster). `source` is
 * where the hub takes the code from, when the hub places it. A locked platform takes no new sites.
 */
export const platformSchema = z.strictObject({
  alias: entityAliasSchema,
  root: absolutePathSchema,
  app: z.enum(APP_KINDS),
  web: entityAliasSchema,
  source: absolutePathSchema.optional(),
  locked: booleanSchema.default(false),
});

export type Platform = z.output<typeof platformSchema>;

export function parsePlatform(raw: unknown): Platform {
  return parseEntity(platformSchema, raw, { what: 'a platform' });
}
