/**
 * Identifiers cannot be bound as SQL parameters: every database, user and host name that
 * reaches SQL text is checked against a strict pattern here and quoted for its dialect by the
 * one function of that dialect. Values (passwords) are always bound parameters.
 */
import { ValidationError } from '../../model/errors.js';

/** A database or role name: a lowercase letter, then lowercase letters, digits and `_`. */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
/** MySQL user names are at most 32 characters (MariaDB allows 80; MySQL 5.7+ 32). */
export const MYSQL_USER_MAX = 32;
/** The host part of a MySQL account: an address, a name, a `%` pattern or an address/netmask. */
export const MYSQL_HOST_PATTERN = /^[A-Za-z0-9%_][A-Za-z0-9.:%_/-]{0,254}$/;

export function checkIdentifier(name: string, field = 'identifier'): string {
  if (typeof name !== 'string' || !IDENTIFIER_PATTERN.test(name)) {
    throw new ValidationError(field, name, 'is not a database identifier (a lowercase letter, then a-z, 0-9 or _, at most 63 characters)');
  }
  return name;
}

/** `name` checked and in backticks: `` `wiki_one` ``. */
export function quoteMysqlIdentifier(name: string, field = 'identifier'): string {
  return `\`${checkIdentifier(name, field)}\``;
}

/** `name` checked and in double quotes: `"wiki_one"`. */
export function quotePostgresIdentifier(name: string, field = 'identifier'): string {
  return `"${checkIdentifier(name, field)}"`;
}

/**
 * A database name as a MySQL GRANT pattern: `_` and `%` are wildcards in the database part of
 * `GRANT ... ON db.*`, so `_` is escaped (`wiki\_one`), and the grant covers that database only.
 */
export function mysqlGrantDatabase(name: string): string {
  return `\`${checkIdentifier(name, 'database').replace(/_/g, '\\_')}\``;
}

/** The same escaped name as stored in `mysql.db.Db`, for facts queries. */
export function mysqlGrantPattern(name: string): string {
  return checkIdentifier(name, 'database').replace(/_/g, '\\_');
}

/** A MySQL account `'user'@'host'`, both parts checked so the quotes cannot be broken. */
export function quoteMysqlAccount(user: string, host: string): string {
  checkIdentifier(user, 'user');
  if (user.length > MYSQL_USER_MAX) throw new ValidationError('user', user, `is longer than ${MYSQL_USER_MAX} characters`);
  if (typeof host !== 'string' || !MYSQL_HOST_PATTERN.test(host)) {
    throw new ValidationError('grant host', host, 'is not a MySQL account host (an address, a name, a % pattern or address/netmask)');
  }
  return `'${user}'@'${host}'`;
}
