import { parseWith, schemaOf } from './check.js';
import { checkDnsName, checkHost } from './dns-name.js';
import { checkAlias, checkBoolean, checkClientName, checkEntityAlias, checkPort, checkUserName } from './names.js';
import { checkAbsolutePath } from './paths.js';
import { checkPlainPath } from './plain-path.js';

/**
 * Zod schemas and parse functions for every name rule. Schemas are used inside entity
 * schemas; `parseX(field, value)` returns the normalised value or throws a ValidationError
 * naming the field, the value and the rule.
 */

export const aliasSchema = schemaOf(checkAlias);
export const entityAliasSchema = schemaOf(checkEntityAlias);
export const dnsNameSchema = schemaOf(checkDnsName);
export const hostSchema = schemaOf(checkHost);
export const absolutePathSchema = schemaOf(checkAbsolutePath);
/** A path that goes into configs and command lines as it is (see `checkPlainPath`). */
export const plainPathSchema = schemaOf((value) => checkPlainPath(value));
export const portSchema = schemaOf(checkPort);
export const clientNameSchema = schemaOf(checkClientName);
export const userNameSchema = schemaOf(checkUserName);
export const booleanSchema = schemaOf(checkBoolean);

/** Any alias (server, cluster, platform or site), normalised. */
export function parseAlias(field: string, value: unknown): string {
  return parseWith(checkAlias, field, value);
}

/** The alias of a new server, cluster or platform (`@` + at most 63 characters). */
export function parseEntityAlias(field: string, value: unknown): string {
  return parseWith(checkEntityAlias, field, value);
}

/** A site uri or site alias name: a lowercase DNS name, IDN converted to punycode. */
export function parseUri(field: string, value: unknown): string {
  return parseWith(checkDnsName, field, value);
}

export const parseDnsName = parseUri;

/** A server host: DNS name, IPv4 or IPv6 literal. */
export function parseHost(field: string, value: unknown): string {
  return parseWith(checkHost, field, value);
}

/** An absolute normalised path (a trailing slash is removed). */
export function parseAbsolutePath(field: string, value: unknown): string {
  return parseWith(checkAbsolutePath, field, value);
}

/** A TCP port 1-65535, from a number or a string of digits. */
export function parsePort(field: string, value: unknown): number {
  return parseWith(checkPort, field, value);
}

/** A client name `[a-z][a-z0-9_]{0,15}`. */
export function parseClientName(field: string, value: unknown): string {
  return parseWith(checkClientName, field, value);
}

/** A unix or database account name. */
export function parseUserName(field: string, value: unknown): string {
  return parseWith(checkUserName, field, value);
}
