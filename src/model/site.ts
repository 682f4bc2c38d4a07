import { z } from 'zod';
import { booleanSchema, clientNameSchema, dnsNameSchema, entityAliasSchema } from './fields.js';
import { firstDuplicate, listOf } from './list-input.js';
import { parseEntity } from './zod-issues.js';

/** The states of a site record. */
export const SITE_STATUSES = ['queued', 'enabled', 'disabled', 'deleted'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/**
 * A uri on a platform, with its database on a db server. The alias is always `@` + uri
 * (derived; if given it must match). `aliases` are more names for the site; with `redirect`
 * they redirect to the uri instead of serving it.
 */
export const siteSchema = z
  .strictObject({
    alias: z.string().optional(),
    uri: dnsNameSchema,
    platform: entityAliasSchema,
    db: entityAliasSchema,
    aliases: listOf(dnsNameSchema).default([]),
    redirect: booleanSchema.default(false),
    client: clientNameSchema.optional(),
    status: z.enum(SITE_STATUSES).default('queued'),
  })
  .superRefine((site, ctx) => {
    if (site.alias !== undefined && site.alias !== `@${site.uri}`) {
      ctx.addIssue({ code: 'custom', path: ['alias'], message: `is not the alias of ${site.uri} (a site's alias is @ + its uri)` });
    }
    if (site.aliases.includes(site.uri)) {
      ctx.addIssue({ code: 'custom', path: ['aliases'], message: `lists the site's own uri ${site.uri}` });
    }
    const twice = firstDuplicate(site.aliases);
    if (twice !== undefined) ctx.addIssue({ code: 'custom', path: ['aliases'], message: `lists ${twice} twice` });
  })
  .transform(({ alias: _alias, ...site }) => ({ alias: `@${site.uri}`, ...site }));

export type Site = z.output<typeof siteSchema>;

/** Validates a site; `aliases` may be an array or a comma-separated string. */
export function parseSite(raw: unknown): Site {
  return parseEntity(siteSchema, raw, { what: 'a site' });
}

/** The uri of a site alias: `@wiki.example.com` -> `wiki.example.com`. */
export function uriOfAlias(alias: string): string {
  return alias.startsWith('@') ? alias.slice(1) : alias;
}
