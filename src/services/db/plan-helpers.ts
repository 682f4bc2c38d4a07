/** What the db implementations share when they build actions. */
import { ValidationError } from '../../model/errors.js';
import type { Server } from '../../model/server.js';
import { checkIdentifier } from './identifiers.js';

/** Action id prefix: the request's, or `db:<alias>:<name>`. */
export function prefixOf(request: { readonly server: Server; readonly idPrefix?: string }, name: string): string {
  return request.idPrefix ?? `db:${request.server.alias}:${name}`;
}

/** The grant hosts without repeats, in the order given. */
export function distinctHosts(hosts: readonly string[]): string[] {
  return [...new Set(hosts)];
}

/** The test database (and role) name of a server verify: `aegir_verify_<nonce>`. */
export function verifyName(nonce: string): string {
  if (typeof nonce !== 'string' || !/^[a-z0-9]{1,20}$/.test(nonce)) {
    throw new ValidationError('nonce', nonce, 'is not a verify nonce (1 to 20 lowercase letters and digits)');
  }
  return checkIdentifier(`aegir_verify_${nonce}`, 'database');
}

/** Checks the site's database and user names (they reach SQL text). */
export function checkSiteNames(database: string, user: string): void {
  checkIdentifier(database, 'database');
  checkIdentifier(user, 'user');
}

/** Ids of the given actions that exist (`undefined` entries dropped). */
export function idsOf(...actions: ({ readonly id: string } | undefined)[]): string[] {
  return actions.flatMap((action) => (action === undefined ? [] : [action.id]));
}
