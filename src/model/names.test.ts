import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import {
  parseAbsolutePath,
  parseAlias,
  parseClientName,
  parseEntityAlias,
  parseHost,
  parsePort,
  parseUri,
  parseUserName,
} from './fields.js';

/** [input, normalised value] for accepted inputs; [input, fragment of the rule] for refused ones. */
type Row<T> = readonly [unknown, T];

function table<T>(
  name: string,
  parse: (field: string, value: unknown) => T,
  field: string,
  good: readonly Row<T>[],
  bad: readonly Row<string>[],
): void {
  describe(name, () => {
    it.each(good)('accepts %j as %j', (input, expected) => {
      expect(parse(field, input)).toEqual(expected);
    });
    it.each(bad)('refuses %j (%s)', (input, rule) => {
      let error: unknown;
      try {
        parse(field, input);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      const v = error as ValidationError;
      expect(v.field).toBe(field);
      expect(v.value).toBe(input);
      expect(v.exitCode).toBe(2);
      expect(v.message.startsWith(`${field}: `)).toBe(true);
      expect(v.message).toContain(rule);
    });
  });
}

const LONG_LABEL = 'a'.repeat(64);
const MAX_LABEL = 'a'.repeat(63);
const NAME_253 = `${[MAX_LABEL, MAX_LABEL, MAX_LABEL].join('.')}.${'b'.repeat(61)}`;

table('aliases', parseAlias, 'alias', [
  ['@web1', '@web1'],
  ['@Web1', '@web1'],
  ['@0db', '@0db'],
  ['@mw-1.39_x', '@mw-1.39_x'],
  [`@${MAX_LABEL}`, `@${MAX_LABEL}`],
  ['@wiki.example.com', '@wiki.example.com'],
  ['@Bücher.example', '@xn--bcher-kva.example'],
  [`@${MAX_LABEL}.example.com`, `@${MAX_LABEL}.example.com`],
  // The '@' may be left out: a bare name or uri is its alias.
  ['web1', '@web1'],
  ['Wiki.Example.com', '@wiki.example.com'],
  ['bücher.example', '@xn--bcher-kva.example'],
], [
  ['web 1', "is not an alias ('@'"],
  ['@@web1', 'the \'@\' may be left out'],
  ['-oProxyCommand=x', 'is not an alias'],
  ['@', 'is not an alias'],
  ['@-web', 'is not an alias'],
  ['@.web', 'is not an alias'],
  ['@web 1', 'is not an alias'],
  ['@web/1', 'is not an alias'],
  [`@${LONG_LABEL}`, 'is not an alias'],
  [42, 'is not an alias'],
]);

table('server, cluster and platform aliases', parseEntityAlias, 'alias', [
  ['@db1', '@db1'],
  ['@Pg_1', '@pg_1'],
  ['db1', '@db1'],
], [
  [`@${'a'.repeat(64)}`, 'up to 62 of'],
  ['@bücher', 'is not an alias'],
  ['@a;rm', 'is not an alias'],
]);

table('uris', parseUri, 'uri', [
  ['wiki.example.com', 'wiki.example.com'],
  ['WIKI.Example.COM', 'wiki.example.com'],
  ['bücher.example', 'xn--bcher-kva.example'],
  ['BÜCHER.example', 'xn--bcher-kva.example'],
  ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
  ['example.com.', 'example.com'],
  ['localhost', 'localhost'],
  ['a-b.c-d.example', 'a-b.c-d.example'],
  ['1password.com', '1password.com'],
  [`${MAX_LABEL}.example`, `${MAX_LABEL}.example`],
  [NAME_253, NAME_253],
], [
  ['', 'it is empty'],
  ['bad_host.example', 'label "bad_host" contains "_"'],
  ['-a.example', `label "-a" starts or ends with '-'`],
  ['a-.example', `label "a-" starts or ends with '-'`],
  ['a..example', 'empty label'],
  ['.example', 'empty label'],
  ['example.com..', 'empty label'],
  [`${LONG_LABEL}.example`, 'is 64 characters long'],
  [`${NAME_253}b`, 'it is 254 characters long'],
  ['1.2.3.4', 'last label is all digits'],
  ['wiki example.com', 'whitespace or control'],
  ['wiki\u0000.example', 'whitespace or control'],
  ['wiki.example.com/path', 'contains "/"'],
  ['xn--zz.example', 'not valid punycode'],
  ['http://wiki.example.com', 'contains ":"'],
  [null, 'is not a DNS name'],
]);

table('server hosts', parseHost, 'host', [
  ['10.0.0.11', '10.0.0.11'],
  ['255.255.255.254', '255.255.255.254'],
  ['::1', '::1'],
  ['[::1]', '::1'],
  ['2001:DB8::1', '2001:db8::1'],
  ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ['db1.example.com', 'db1.example.com'],
  ['DB1.Example.com', 'db1.example.com'],
  ['localhost', 'localhost'],
  ['bücher.example', 'xn--bcher-kva.example'],
], [
  ['bad_host', 'is not a DNS name or IP address'],
  ['bad_host', `labels of a-z, 0-9 and '-'`],
  ['256.1.1.1', 'last label is all digits'],
  ['010.0.0.1', 'is not a DNS name or IP address'],
  ['1.2.3', 'last label is all digits'],
  ['fe80::1%eth0', 'is not a DNS name or IP address'],
  ['[10.0.0.1]', 'is not a DNS name or IP address'],
  ['host;reboot', 'contains ";"'],
  ['', 'it is empty'],
  ['-oProxyCommand=x', 'contains "="'],
  ['-proxy', `label "-proxy" starts or ends with '-'`],
  ['0.0.0.0', 'is the unspecified or broadcast address'],
  ['255.255.255.255', 'is the unspecified or broadcast address'],
  ['::', 'is the unspecified or broadcast address'],
  ['[::]', 'is the unspecified or broadcast address'],
  ['::ffff:0.0.0.0', 'is the unspecified or broadcast address'],
]);

table('absolute paths', parseAbsolutePath, 'root', [
  ['/', '/'],
  ['/var/aegir/platforms/mw139', '/var/aegir/platforms/mw139'],
  ['/var/aegir/platforms/mw139/', '/var/aegir/platforms/mw139'],
  ['/srv/www/.well-known', '/srv/www/.well-known'],
  ['/srv/a..b', '/srv/a..b'],
], [
  ['var/aegir', 'it is relative'],
  ['./var', 'it is relative'],
  ['', 'it is relative'],
  ['/var/../etc', "'..' segment"],
  ['/var/aegir/..', "'..' segment"],
  ['/var/./aegir', "'.' segment"],
  ['/var//aegir', "contains '//'"],
  ['/var/aegir\u0000x', 'contains NUL'],
  ['/var/aegir\nx', 'control character'],
  ['/var/aegir\u007fx', 'control character'],
  [`/${'a'.repeat(4096)}`, 'characters long'],
  [17, 'is not an absolute path'],
]);

table('ports', parsePort, 'port', [
  [1, 1],
  [22, 22],
  ['8080', 8080],
  [65535, 65535],
  ['65535', 65535],
], [
  [0, 'is not a port (a whole number from 1 to 65535)'],
  ['0', 'is not a port'],
  [65536, 'is not a port'],
  ['65536', 'is not a port'],
  ['abc', 'is not a port'],
  ['80.5', 'is not a port'],
  [80.5, 'is not a port'],
  [-1, 'is not a port'],
  [' 80', 'is not a port'],
  ['', 'is not a port'],
]);

table('client names', parseClientName, 'client', [
  ['acme', 'acme'],
  ['a', 'a'],
  ['acme_2', 'acme_2'],
  ['a234567890123456', 'a234567890123456'],
], [
  ['Acme', "is not a client name (a-z, then up to 15 of a-z, 0-9 and '_')"],
  ['1acme', 'is not a client name'],
  ['_acme', 'is not a client name'],
  ['acme-corp', 'is not a client name'],
  ['a2345678901234567', 'is not a client name'],
  ['', 'is not a client name'],
]);

table('user names', parseUserName, 'sshUser', [
  ['root', 'root'],
  ['www-data', 'www-data'],
  ['_aegir', '_aegir'],
], [
  ['Root', 'is not a user name'],
  ['-root', 'is not a user name'],
  ['ro ot', 'is not a user name'],
]);

describe('a refusal message', () => {
  it('names the field, the value and the rule', () => {
    expect(() => parseHost('host', 'bad_host')).toThrow(
      /^host: "bad_host" is not a DNS name or IP address: label "bad_host" contains "_" \(labels of a-z, 0-9 and '-'/,
    );
  });
});
