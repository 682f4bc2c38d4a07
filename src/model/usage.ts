import { ConflictError } from './errors.js';
import { findAlias, type Inventory } from './inventory.js';

/** One entity that depends on another, and how. */
export interface Usage {
  readonly kind: 'platform' | 'cluster' | 'site';
  readonly alias: string;
  readonly role: 'web target' | 'cluster member' | 'db server' | 'platform' | 'client';
}

/** Who uses server `alias`: platforms it serves, clusters it belongs to, sites whose db it holds. */
export function usersOfServer(inv: Inventory, alias: string): Usage[] {
  return [
    ...inv.platforms.filter((p) => p.web === alias).map((p) => use('platform', p.alias, 'web target')),
    ...inv.clusters.filter((c) => c.servers.includes(alias)).map((c) => use('cluster', c.alias, 'cluster member')),
    ...inv.sites.filter((s) => s.db === alias).map((s) => use('site', s.alias, 'db server')),
  ];
}

/** Who uses cluster `alias`: the platforms it serves. */
export function usersOfCluster(inv: Inventory, alias: string): Usage[] {
  return inv.platforms.filter((p) => p.web === alias).map((p) => use('platform', p.alias, 'web target'));
}

/** Who uses platform `alias`: the sites on it. */
export function usersOfPlatform(inv: Inventory, alias: string): Usage[] {
  return inv.sites.filter((s) => s.platform === alias).map((s) => use('site', s.alias, 'platform'));
}

/** Who uses client `name`: the sites it owns. */
export function usersOfClient(inv: Inventory, name: string): Usage[] {
  return inv.sites.filter((s) => s.client === name).map((s) => use('site', s.alias, 'client'));
}

/**
 * Refuses to remove the server, cluster or platform `alias` while anything uses it; the error
 * names every user. Sites can always be removed (nothing depends on a site).
 */
export function checkRemoval(inv: Inventory, alias: string): void {
  const found = findAlias(inv, alias);
  if (found === undefined || found.kind === 'site') return;
  const users =
    found.kind === 'server' ? usersOfServer(inv, alias) : found.kind === 'cluster' ? usersOfCluster(inv, alias) : usersOfPlatform(inv, alias);
  if (users.length > 0) throw inUse(`${found.kind} ${alias}`, users);
}

/** Refuses to remove client `name` while it owns sites. */
export function checkClientRemoval(inv: Inventory, name: string): void {
  const users = usersOfClient(inv, name);
  if (users.length > 0) throw inUse(`client ${name}`, users);
}

/** Lists users as `platform @mw139 (web target), site @a.example (db server)`. */
export function describeUsers(users: readonly Usage[]): string {
  return users.map((u) => `${u.kind} ${u.alias} (${u.role})`).join(', ');
}

function inUse(what: string, users: readonly Usage[]): ConflictError {
  return new ConflictError(`${what} cannot be removed: it is used by ${describeUsers(users)}; change or remove those first`);
}

function use(kind: Usage['kind'], alias: string, role: Usage['role']): Usage {
  return { kind, alias, role };
}
