import { accept, refuse, type Check } from './check.js';
import { checkDnsName } from './dns-name.js';
import { PRIVILEGED_GROUPS, SYSTEM_ACCOUNT_NAMES } from './reserved-names.js';

const ALIAS_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const ALIAS_RULE =
  "is not an alias ('@' then a-z or 0-9, then up to 62 of a-z, 0-9, '.', '_', '-'; " +
  "a site's alias is '@' then its uri; the '@' may be left out)";
const ENTITY_ALIAS_RULE = "is not an alias ('@' then a-z or 0-9, then up to 62 of a-z, 0-9, '.', '_', '-'; the '@' may be left out)";

/** `web1` and `@web1` name the same entity: the `@` is added when it was left out. */
function withAt(value: string): string {
  return value.startsWith('@') ? value : `@${value}`;
}

/**
 * The alias of a server, cluster or platform: `@` + `[a-z0-9][a-z0-9._-]{0,62}`.
 * Aliases are case-insensitive: ASCII capitals are lowercased. The `@` may be left out
 * (`web1` is `@web1`), as everywhere an alias is asked for.
 */
export function checkEntityAlias(value: unknown): Check<string> {
  if (typeof value !== 'string') return refuse(ENTITY_ALIAS_RULE);
  const name = withAt(value).slice(1).toLowerCase();
  return ALIAS_NAME.test(name) ? accept(`@${name}`) : refuse(ENTITY_ALIAS_RULE);
}

/**
 * Any alias that may name an entity: a server/cluster/platform alias, or a site's alias
 * (`@` + its uri, normalised as a DNS name: lowercase, punycode, no trailing dot). A bare uri
 * (`wiki.example.com`) or name (`web1`) is accepted as its alias.
 */
export function checkAlias(value: unknown): Check<string> {
  const entity = checkEntityAlias(value);
  if (entity.ok) return entity;
  if (typeof value !== 'string') return refuse(ALIAS_RULE);
  const uri = checkDnsName(withAt(value).slice(1));
  return uri.ok ? accept(`@${uri.value}`) : refuse(ALIAS_RULE);
}

const CLIENT_NAME = /^[a-z][a-z0-9_]{0,15}$/;

/** A client name, usable as a unix group name: `[a-z][a-z0-9_]{0,15}`. */
export function checkClientName(value: unknown): Check<string> {
  return typeof value === 'string' && CLIENT_NAME.test(value)
    ? accept(value)
    : refuse("is not a client name (a-z, then up to 15 of a-z, 0-9 and '_')");
}

/** The name of a new client: a client name that is not a system account or group (`root`, `www`, `mysql`...). */
export function checkNewClientName(value: unknown): Check<string> {
  const name = checkClientName(value);
  if (!name.ok) return name;
  if (SYSTEM_ACCOUNT_NAMES.has(name.value)) return refuse('is reserved: it is the name of a system account or group (choose a name of the tenant)');
  return name;
}

const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** A unix or database account name: `[a-z_][a-z0-9_-]{0,31}`. */
export function checkUserName(value: unknown): Check<string> {
  return typeof value === 'string' && USER_NAME.test(value)
    ? accept(value)
    : refuse("is not a user name (a-z or '_', then up to 31 of a-z, 0-9, '_' and '-')");
}

const GROUP_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/**
 * The web group of a web server (PHP runs in it; uploads and settings belong to it): a unix group
 * name `[a-z_][a-z0-9_-]{0,31}`, not a privileged group such as `root`, `sudo` or `shadow`. That
 * the group exists on the server is checked when the server is verified.
 */
export function checkGroupName(value: unknown): Check<string> {
  if (typeof value !== 'string' || !GROUP_NAME.test(value)) {
    return refuse("is not a group name (a-z or '_', then up to 31 of a-z, 0-9, '_' and '-')");
  }
  if (PRIVILEGED_GROUPS.has(value)) return refuse("is a privileged group: files that PHP writes would belong to it (use the web server's own group, e.g. www-data)");
  return accept(value);
}

/** A TCP port, 1-65535. Strings of decimal digits are accepted (command-line input). */
export function checkPort(value: unknown): Check<number> {
  const port = typeof value === 'string' && /^[0-9]{1,5}$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535
    ? accept(port)
    : refuse('is not a port (a whole number from 1 to 65535)');
}

/** A boolean; the strings true/false/yes/no/1/0 are accepted (command-line input). */
export function checkBoolean(value: unknown): Check<boolean> {
  if (typeof value === 'boolean') return accept(value);
  if (typeof value === 'string') {
    const word = value.toLowerCase();
    if (['true', 'yes', '1'].includes(word)) return accept(true);
    if (['false', 'no', '0'].includes(word)) return accept(false);
  }
  return refuse('is not a boolean (true or false)');
}
