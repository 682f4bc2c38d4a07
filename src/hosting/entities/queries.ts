import { NotFoundError, ValidationError, checkClientName, parseAlias, type Client, type Cluster, type Platform, type Server, type Site } from '../../model/index.js';
import type { ListedSite, Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { ENTITY_LISTS, entityListOf, type EntityList } from '../../model/entity-lists.js';

export { ENTITY_LISTS, entityListOf, type EntityList };

/** One entity with what it is. */
export type Shown =
  | { readonly kind: 'server'; readonly entity: Server }
  | { readonly kind: 'cluster'; readonly entity: Cluster }
  | { readonly kind: 'platform'; readonly entity: Platform }
  | { readonly kind: 'site'; readonly entity: Site }
  | { readonly kind: 'client'; readonly entity: Client };

/** What `list` shows; sites with their secrets as `********` (see `ListedSite`). */
export interface Listing {
  readonly servers?: readonly Server[];
  readonly clusters?: readonly Cluster[];
  readonly platforms?: readonly Platform[];
  readonly sites?: readonly ListedSite[];
  readonly clients?: readonly Client[];
}

/**
 * Every entity of one kind, or of all kinds, sorted by alias, read in one transaction. Only the
 * kinds asked for are read, and site secrets are not decrypted: a listing never shows them.
 */
export async function listEntities(store: Store, actor: Actor, kind?: string): Promise<Listing> {
  checkActor(actor);
  const one = kind === undefined ? undefined : entityListOf(kind);
  if (kind !== undefined && one === undefined) {
    throw new ValidationError('kind', kind, `is not a kind of entity (one of: ${ENTITY_LISTS.join(', ')})`);
  }
  const kinds: readonly EntityList[] = one === undefined ? ENTITY_LISTS : [one];
  return await store.transaction('read', async (tx) => {
    const listing: Record<string, readonly unknown[]> = {};
    for (const k of kinds) listing[k] = k === 'sites' ? await tx.sites.listRedacted() : await tx[k].list();
    return listing as Listing;
  });
}

/**
 * The entity an alias names: `@web1` (server, cluster or platform), `@wiki.example.com` (site),
 * the same without the `@`, or a client's name (`acme`; a client is looked for first).
 */
export async function showEntity(store: Store, actor: Actor, ref: string): Promise<Shown> {
  checkActor(actor);
  if (!ref.startsWith('@')) {
    const client = checkClientName(ref).ok ? await store.clients.get(ref) : undefined;
    if (client !== undefined) return { kind: 'client', entity: client };
    return await showEntity(store, actor, `@${ref}`);
  }
  const alias = parseAlias('alias', ref);
  const kind = await store.kindOf(alias);
  const found =
    kind === 'server' ? await store.servers.get(alias)
      : kind === 'cluster' ? await store.clusters.get(alias)
        : kind === 'platform' ? await store.platforms.get(alias)
          : kind === 'site' ? await store.sites.get(alias)
            : undefined;
  if (kind === undefined || found === undefined) throw new NotFoundError('entity', alias);
  return { kind, entity: found } as Shown;
}
