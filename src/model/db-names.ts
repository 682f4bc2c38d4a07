/**
 * Names on a db server that are never a site's database or account: the servers' own system
 * databases and accounts, role names PostgreSQL keeps for itself, and Aegir's own (the test
 * database of a server verify). The db server's admin account is checked with the inventory
 * (see site-db-names.ts), since it is a setting of each server.
 */

/** System databases and accounts of MySQL/MariaDB and PostgreSQL, and keywords that cannot name a role. */
export const RESERVED_DB_NAMES: ReadonlySet<string> = new Set([
  // MySQL and MariaDB
  'mysql', 'information_schema', 'performance_schema', 'sys', 'test', 'root', 'mariadb',
  // PostgreSQL (and the role specifications GRANT and ALTER take: they cannot be role names)
  'postgres', 'template0', 'template1', 'public', 'current_user', 'current_role', 'session_user', 'none',
]);

/** Prefixes kept by the servers (`pg_` roles) and by Aegir (`aegir_verify_<nonce>`, the test database of a server verify). */
export const RESERVED_DB_PREFIXES: readonly string[] = ['pg_', 'aegir_verify_'];

/** Why `name` can never be a site's database or account, or undefined when it may be. */
export function reservedDbName(name: string): string | undefined {
  if (RESERVED_DB_NAMES.has(name)) return 'is a system name of the db server';
  const prefix = RESERVED_DB_PREFIXES.find((p) => name.startsWith(p));
  if (prefix === 'pg_') return 'starts with pg_, which PostgreSQL keeps for its own roles';
  if (prefix !== undefined) return `starts with ${prefix}, which Aegir keeps for its own use`;
  return undefined;
}
