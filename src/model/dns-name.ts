import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { accept, refuse, hasControlCharacter, type Check } from './check.js';

const DNS_RULE =
  "labels of a-z, 0-9 and '-' (1-63 characters, not starting or ending with '-'), " +
  'separated by dots, at most 253 characters, the last label not all digits';
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A DNS name as Aegir stores it: lowercase ASCII; internationalised names are converted to
 * punycode (`bücher.example` -> `xn--bcher-kva.example`). One trailing dot (the fully
 * qualified form) is removed. Underscores, empty labels and all-digit last labels are refused.
 */
export function checkDnsName(value: unknown): Check<string> {
  if (typeof value !== 'string') return refuse(`is not a DNS name (expected a string; ${DNS_RULE})`);
  const why = dnsNameProblem(value);
  return why.ok ? why : refuse(`is not a DNS name: ${why.rule} (${DNS_RULE})`);
}

function dnsNameProblem(raw: string): Check<string> {
  if (raw === '') return refuse('it is empty');
  if (hasControlCharacter(raw) || /\s/.test(raw)) return refuse('it contains whitespace or control characters');
  let name = raw.endsWith('.') && raw !== '.' ? raw.slice(0, -1) : raw;
  name = name.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(name)) {
    const ascii = domainToASCII(name);
    if (ascii === '') return refuse('it is not a valid internationalised name');
    name = ascii;
  }
  if (name.length > 253) return refuse(`it is ${name.length} characters long`);
  const labels = name.split('.');
  for (const label of labels) {
    if (label === '') return refuse('it has an empty label');
    if (label.length > 63) return refuse(`label "${label.slice(0, 20)}..." is ${label.length} characters long`);
    if (!LABEL.test(label)) {
      const bad = /[^a-z0-9-]/.exec(label)?.[0];
      return refuse(bad === undefined ? `label "${label}" starts or ends with '-'` : `label "${label}" contains ${JSON.stringify(bad)}`);
    }
    if (label.startsWith('xn--') && domainToASCII(label) !== label) {
      return refuse(`label "${label}" is not valid punycode`);
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return refuse('its last label is all digits');
  return accept(name);
}

const HOST_RULE = `${DNS_RULE}; or an IPv4 or IPv6 address`;

/** Addresses that name no single server. */
const NOT_A_HOST = new Set(['0.0.0.0', '255.255.255.255', '::', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0', '::ffff:255.255.255.255']);

/**
 * A server host: an IPv4 literal in dotted-quad form, an IPv6 literal (brackets removed,
 * lowercased; no zone index), or a DNS name as in `checkDnsName`.
 */
export function checkHost(value: unknown): Check<string> {
  if (typeof value !== 'string') return refuse(`is not a DNS name or IP address (expected a string; ${HOST_RULE})`);
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  const family = isIP(bare);
  if (family !== 0 && NOT_A_HOST.has(bare.toLowerCase())) {
    return refuse('is not a host: it is the unspecified or broadcast address, which names no one server (give the address of the server)');
  }
  if (family === 4 && bare === value) return accept(bare);
  if (family === 6 && !bare.includes('%')) return accept(bare.toLowerCase());
  const name = dnsNameProblem(value);
  return name.ok ? name : refuse(`is not a DNS name or IP address: ${name.rule} (${HOST_RULE})`);
}
