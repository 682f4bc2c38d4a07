/**
 * Database and user names of a site, derived from its uri: readable, at most 16 characters,
 * valid unquoted in both MySQL and PostgreSQL, with a `_2`, `_3`... suffix on collision.
 */
import { RESERVED_DB_NAMES, RESERVED_DB_PREFIXES, reservedDbName } from '../../model/db-names.js';
import { ValidationError } from '../../model/errors.js';

/** The longest generated database (and user) name. */
export const SITE_DB_NAME_MAX = 16;

/** Names the database servers (and Aegir) keep for themselves: never given to a site. */
export { RESERVED_DB_NAMES };

export interface SiteDbNames {
  readonly database: string;
  /** The site's account; the same as the database name. */
  readonly user: string;
}

/**
 * `www.Wiki-One.example.com` -> `wiki_one_example`. A leading `www.` is dropped, dots and
 * dashes become `_`, anything else outside `[a-z0-9_]` goes, a name starting with a digit or
 * with a reserved prefix (`pg_`, kept by PostgreSQL for roles; `aegir_verify_`) gets an `s_`
 * prefix; then the name is cut to 16 characters. When it is in `taken` (or reserved),
 * `_2`, `_3`... replace its end until it is free.
 */
export function siteDbNames(uri: string, taken: ReadonlySet<string>): SiteDbNames {
  const base = baseName(uri);
  const isFree = (name: string): boolean => !taken.has(name) && reservedDbName(name) === undefined;
  if (isFree(base)) return { database: base, user: base };
  for (let n = 2; n < 10_000; n += 1) {
    const suffix = `_${n}`;
    const name = `${trimUnderscores(base.slice(0, SITE_DB_NAME_MAX - suffix.length))}${suffix}`;
    if (isFree(name)) return { database: name, user: name };
  }
  throw new ValidationError('uri', uri, 'has no free database name left (tried 9,999 suffixes)');
}

function baseName(uri: string): string {
  let name = uri.trim().toLowerCase().replace(/^www\./, '').replace(/[.-]/g, '_').replace(/[^a-z0-9_]/g, '');
  name = trimUnderscores(name.replace(/_+/g, '_'));
  if (name === '') name = 'site';
  if (!/^[a-z]/.test(name) || RESERVED_DB_PREFIXES.some((prefix) => name.startsWith(prefix))) name = `s_${name}`;
  return trimUnderscores(name.slice(0, SITE_DB_NAME_MAX));
}

function trimUnderscores(name: string): string {
  return name.replace(/^_+|_+$/g, '');
}
