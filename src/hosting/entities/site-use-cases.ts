import { checkAliasFree, checkSite, ConflictError, NotFoundError, parseSite, parseUri, uriOfAlias, type Site } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { applyAssignments, withoutUndefined } from './assignments.js';
import { SITE_SETTABLE } from './settable-fields.js';

/** A site as typed: `aliases` as an array or one comma-separated string. */
export interface SiteInput {
  readonly uri: string;
  readonly platform: string;
  readonly db: string;
  readonly aliases?: string | readonly string[] | undefined;
  readonly redirect?: string | boolean | undefined;
  readonly client?: string | undefined;
  /** https: off (default), on or required; who issues its certificate: self-signed (default) or acme. */
  readonly tls?: string | undefined;
  readonly tlsIssuer?: string | undefined;
}

const SETTABLE = SITE_SETTABLE;

/** A site whose database, directory and vhost exist on the servers. */
function isInstalled(site: Site): boolean {
  return site.status === 'enabled' || site.status === 'disabled';
}

/** Changes given as options (`--alias a.com,b.com --redirect --tls on --tls-issuer acme`), beside or instead of KEY=VALUE. */
export interface SiteOptionChanges {
  readonly aliases?: string | readonly string[] | undefined;
  readonly redirect?: boolean | undefined;
  readonly tls?: string | undefined;
  readonly tlsIssuer?: string | undefined;
}

function hasOptionChanges(changes: SiteOptionChanges): boolean {
  return Object.values(changes).some((value) => value !== undefined);
}

/** `wiki.example.com` or `@wiki.example.com` -> the site's alias, normalised. */
export function siteAlias(ref: string): string {
  return `@${parseUri('site', uriOfAlias(ref))}`;
}

/** Adds a site record (its uri and aliases unique across all sites); tasks install it later. */
export async function addSite(store: Store, actor: Actor, input: SiteInput): Promise<Site> {
  checkActor(actor);
  return await store.transaction(async (tx) => {
    const site = parseSite(withoutUndefined({ ...input, uri: uriOfAlias(input.uri) }));
    const inv = await tx.loadInventory();
    checkAliasFree(inv, site.alias);
    checkSite(inv, site);
    await tx.sites.insert(site);
    return site;
  });
}

/**
 * Changes a site with `KEY=VALUE` (platform, db, aliases, redirect, client, status, tls, tlsIssuer)
 * and/or option changes (applied after the assignments).
 */
export async function setSite(store: Store, actor: Actor, ref: string, assignments: readonly string[], changes: SiteOptionChanges = {}): Promise<Site> {
  checkActor(actor);
  const key = siteAlias(ref);
  return await store.transaction(async (tx) => {
    const current = await tx.sites.get(key);
    if (current === undefined) throw new NotFoundError('site', key);
    const draft = assignments.length === 0 && hasOptionChanges(changes)
      ? { ...current }
      : applyAssignments(current, assignments, SETTABLE, ['alias', 'uri']);
    const site = parseSite({ ...draft, ...withoutUndefined(changes) });
    if (isInstalled(current)) {
      for (const field of ['platform', 'db'] as const) {
        if (site[field] !== current[field]) {
          throw new ConflictError(`${key} is installed: its ${field} changes with 'aegir migrate ${key} --${field === 'db' ? 'db' : 'platform'} ${site[field]}', which moves its code and data`);
        }
      }
    }
    checkSite(await tx.loadInventory(), site);
    await tx.sites.update(site);
    return site;
  });
}

/**
 * Removes a site record. An installed site is refused (its database, directory and vhost would be
 * left behind): `aegir delete` removes it from the servers first. Tasks that clean up a record
 * they made themselves pass `allowInstalled`.
 */
export async function removeSite(store: Store, actor: Actor, ref: string, options: { allowInstalled?: boolean } = {}): Promise<Site> {
  checkActor(actor);
  const key = siteAlias(ref);
  return await store.transaction(async (tx) => {
    const current = await tx.sites.get(key);
    if (current === undefined) throw new NotFoundError('site', key);
    if (isInstalled(current) && options.allowInstalled !== true) {
      throw new ConflictError(`${key} is installed (${current.status}): 'aegir delete ${key}' removes it from its servers and then its record`);
    }
    await tx.sites.delete(key);
    return current;
  });
}
