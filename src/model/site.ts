import { z } from 'zod';
import { schemaOf } from './check.js';
import { booleanSchema, clientNameSchema, entityAliasSchema } from './fields.js';
import { firstDuplicate, listOf } from './list-input.js';
import { Secret } from './secrets.js';
import { checkSiteName, checkSiteUri } from './site-name.js';
import { siteCertificateSchema, TLS_ISSUERS, TLS_MODES } from './site-tls.js';
import { parseEntity } from './zod-issues.js';

/**
 * The states of a site record. `new`: recorded, never installed (`aegir install` makes it
 * `enabled`); `failed`: its install failed and was undone; install it again.
 */
export const SITE_STATUSES = ['new', 'enabled', 'disabled', 'deleted', 'failed'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** A database or account name as the db services make them: unquoted-safe in MySQL and PostgreSQL. */
const dbIdentifierSchema = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'is not a database name (a-z, 0-9, _; starting with a letter)');

/** A site's uri or alias (see `checkSiteName`). */
const siteNameSchema = schemaOf(checkSiteName);

/** Most aliases a site may have: each is a server name in every vhost and a name in the certificate. */
export const MAX_SITE_ALIASES = 100;

/** A secret value: only ever a `Secret` (from the store or the generator), never a typed string. */
const secretSchema = z.custom<Secret>((value) => value instanceof Secret, 'is not a secret');

/**
 * A uri on a platform, with its database on a db server. The alias is always `@` + uri
 * (derived; if given it must match). `aliases` are more names for the site; with `redirect`
 * they redirect to the uri instead of serving it.
 */
export const siteSchema = z
  .strictObject({
    alias: z.string().optional(),
    uri: schemaOf(checkSiteUri),
    platform: entityAliasSchema,
    db: entityAliasSchema,
    aliases: listOf(siteNameSchema).pipe(z.array(z.string()).max(MAX_SITE_ALIASES, `must list at most ${MAX_SITE_ALIASES} aliases`)).default([]),
    redirect: booleanSchema.default(false),
    client: clientNameSchema.optional(),
    status: z.enum(SITE_STATUSES).default('new'),
    /** Set by the hub before the first install (generated, never typed in): see `SiteCredentials`. */
    dbName: dbIdentifierSchema.optional(),
    dbUser: dbIdentifierSchema.optional(),
    dbPassword: secretSchema.optional(),
    hashSalt: secretSchema.optional(),
    /** https: off (when absent), on (beside http) or required (http redirects to https). See `tlsModeOf`. */
    tls: z.enum(TLS_MODES).optional(),
    /** Who issues the certificate: self-signed (when absent) or acme. See `tlsIssuerOf`. */
    tlsIssuer: z.enum(TLS_ISSUERS).optional(),
    /** The certificate the hub holds for the site (issued by `aegir tls renew` or `site set --tls`). */
    certificate: siteCertificateSchema.optional(),
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

/**
 * What the hub generates for a site before its first install and keeps (secrets encrypted at
 * rest): its database and account names, the account's password and the app's hash salt.
 */
export interface SiteCredentials {
  readonly dbName: string;
  readonly dbUser: string;
  readonly dbPassword: Secret;
  readonly hashSalt: Secret;
}

/** The credentials of a site, when the hub has generated them. */
export function siteCredentials(site: Site): SiteCredentials | undefined {
  const { dbName, dbUser, dbPassword, hashSalt } = site;
  if (dbName === undefined || dbUser === undefined || dbPassword === undefined || hashSalt === undefined) return undefined;
  return { dbName, dbUser, dbPassword, hashSalt };
}

/** Validates a site; `aliases` may be an array or a comma-separated string. */
export function parseSite(raw: unknown): Site {
  return parseEntity(siteSchema, raw, { what: 'a site' });
}

/** The uri of a site alias: `@wiki.example.com` -> `wiki.example.com`. */
export function uriOfAlias(alias: string): string {
  return alias.startsWith('@') ? alias.slice(1) : alias;
}
