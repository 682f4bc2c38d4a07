/**
 * Which MySQL account hosts admit a client: the host part of `'user'@'host'` is a name or an
 * address, a pattern with `%` (any run) and `_` (any one character), an IPv4 address with a
 * netmask (`10.0.0.0/255.255.255.0`) or with a prefix length (`10.0.0.0/24`, MySQL 8). Only the
 * client's address (or `localhost`) is known here, so a name pattern never covers an address:
 * a doubt means "not covered", and Aegir then makes the exact account, as for any new web head.
 */
import { isIPv4 } from 'node:net';

/** Whether an account whose host is `pattern` admits a client the db server sees as `host`. */
export function mysqlHostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  const slash = pattern.indexOf('/');
  if (slash >= 0) return inNetwork(pattern.slice(0, slash), pattern.slice(slash + 1), host);
  if (!/[%_]/.test(pattern)) return false;
  return likeToRegExp(pattern).test(host);
}

function likeToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

function inNetwork(base: string, mask: string, host: string): boolean {
  if (!isIPv4(base) || !isIPv4(host)) return false;
  const bits = /^\d{1,2}$/.test(mask) ? Number(mask) : undefined;
  let maskValue: number;
  if (bits !== undefined) {
    if (bits > 32) return false;
    maskValue = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  } else if (isIPv4(mask)) {
    maskValue = ipv4(mask);
  } else {
    return false;
  }
  // As MySQL does: the client's address under the mask must be the base address itself.
  return ((ipv4(host) & maskValue) >>> 0) === ipv4(base);
}

function ipv4(address: string): number {
  return address.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}
