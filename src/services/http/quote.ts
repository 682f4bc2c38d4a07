/**
 * Quoting of values for nginx and Apache config files. Every value that comes from data (paths,
 * names, sockets) passes one of these functions; a value that cannot be written safely is
 * refused with a ValidationError naming the field, never written half-escaped.
 */
import { hasControlCharacter } from '../../model/check.js';
import { ValidationError } from '../../model/errors.js';

const NAME = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i;
const SOCKET = /^\/[A-Za-z0-9._@+/-]+$/;
const GLOB = /[*?[\]]/;

/** Refuses what no web server config can hold in a quoted string: empty, control characters, `$`. */
export function checkConfigValue(value: string, field: string): void {
  if (value === '') throw new ValidationError(field, value, 'is empty');
  if (hasControlCharacter(value)) {
    throw new ValidationError(field, value, 'contains a newline or control character, which no web server config can hold');
  }
  if (value.includes('$')) {
    throw new ValidationError(field, value, "contains '$', which nginx and Apache read as a variable");
  }
}

function escapeQuoted(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * A double-quoted nginx string. Inside quotes nginx takes `;`, `{`, `}`, `#` and spaces as they
 * are and unescapes `\"` and `\\`; `$` (a variable, with no escape) and control characters are refused.
 */
export function nginxString(value: string, field: string): string {
  checkConfigValue(value, field);
  return escapeQuoted(value);
}

/**
 * A double-quoted Apache argument. Apache unescapes `\"` and `\\` in quoted words and expands
 * `${VAR}` on every line, so `$` and control characters are refused.
 */
export function apacheString(value: string, field: string): string {
  checkConfigValue(value, field);
  return escapeQuoted(value);
}

/**
 * A path with no wildcard (`*`, `?`, `[`, `]`), for `<Directory>` sections and the directory part
 * of include globs, where a wildcard would match other paths. Returns the path unquoted.
 */
export function globFree(value: string, field: string): string {
  if (GLOB.test(value)) throw new ValidationError(field, value, 'contains a wildcard (*, ?, [ or ]), which would match other paths');
  return value;
}

/**
 * A host name written as a bare word (server_name, ServerName, redirect targets): letters,
 * digits, dots and dashes only. Quotes, `;`, `{`, spaces and newlines are refused.
 */
export function hostName(value: string, field: string): string {
  if (!NAME.test(value) || value.length > 253) {
    throw new ValidationError(field, value, "is not a host name for a web server config (letters, digits, '.' and '-')");
  }
  return value;
}

/** A unix socket path inside `unix:...` (nginx) or `proxy:unix:...|fcgi://` (Apache): a plain path only. */
export function socketPath(value: string, field: string): string {
  if (!SOCKET.test(value) || value.split('/').includes('..')) {
    throw new ValidationError(field, value, "is not a plain socket path (absolute; letters, digits, '.', '_', '-', '@', '+', '/')");
  }
  return value;
}

/** Escapes a literal for a PCRE regular expression (nginx locations, Apache *Match sections). */
export function regexLiteral(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * A double-quoted Apache regex: a literal prefix from data (regex-escaped, then escaped for
 * Apache's quoted words) followed by a fixed pattern written by Aegir, which must hold no `"`
 * and no `\\` (Apache keeps any other backslash as it is).
 */
export function apacheRegex(literal: string, field: string, pattern: string): string {
  checkConfigValue(literal, field);
  const escaped = escapeQuoted(`^${regexLiteral(literal)}`);
  return `${escaped.slice(0, -1)}${pattern}"`;
}
