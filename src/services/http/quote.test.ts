import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../model/errors.js';
import { apacheRegex, apacheString, globFree, hostName, nginxString, regexLiteral, socketPath } from './quote.js';

describe.each([
  ['nginxString', nginxString],
  ['apacheString', apacheString],
] as const)('%s', (_name, quote) => {
  it.each([
    ['/srv/www', '"/srv/www"'],
    ['/srv/my site; {x} #1', '"/srv/my site; {x} #1"'],
    ['/srv/"q"', String.raw`"/srv/\"q\""`],
    [String.raw`/srv/a\b`, String.raw`"/srv/a\\b"`],
    [String.raw`/srv/end\\`, String.raw`"/srv/end\\\\"`],
    ["/srv/it's", `"/srv/it's"`],
  ])('quotes %j as %s', (value, quoted) => {
    expect(quote(value, 'docRoot')).toBe(quoted);
  });

  it.each([
    ['/srv/a\nb', /newline or control/],
    ['/srv/a\rb', /newline or control/],
    ['/srv/a\u0000b', /newline or control/],
    ['/srv/$document_root', /'\$'/],
    ['/srv/${HOME}', /'\$'/],
    ['', /is empty/],
  ])('refuses %j', (value, rule) => {
    expect(() => quote(value, 'docRoot')).toThrow(ValidationError);
    expect(() => quote(value, 'docRoot')).toThrow(rule);
    expect(() => quote(value, 'docRoot')).toThrow(/^docRoot: /);
  });
});

describe('bare words', () => {
  it('accepts host names', () => {
    expect(hostName('www.example-1.com', 'uri')).toBe('www.example-1.com');
  });

  it.each(['a;b', 'a{b', 'a"b', "a'b", 'a b', 'a\nb', '', '-a', 'a.', '~a', '*.example.com'])('refuses the host name %j', (value) => {
    expect(() => hostName(value, 'aliases')).toThrow(/^aliases: .*not a host name/);
  });

  it('accepts plain socket paths and refuses anything else', () => {
    expect(socketPath('/run/php/php8.2-fpm.sock', 's')).toBe('/run/php/php8.2-fpm.sock');
    for (const bad of ['run/x.sock', '/run/a b.sock', '/run/x|y', '/run/x;y', '/run/"x"', '/run/../x', '/run/x:y', '/run/{x}']) {
      expect(() => socketPath(bad, 'http.phpFpmSocket'), bad).toThrow(/^http\.phpFpmSocket: /);
    }
  });

  it('refuses wildcards where a path must match only itself', () => {
    expect(globFree('/etc/nginx', 'd')).toBe('/etc/nginx');
    for (const bad of ['/etc/*', '/etc/a?', '/etc/[ab]']) expect(() => globFree(bad, 'http.configDir')).toThrow(/wildcard/);
  });
});

describe('regexes', () => {
  it('escape every metacharacter of a literal', () => {
    const literal = String.raw`/a.b+c*d?e(f)g[h]i{j}k|l^m$n\o`;
    expect(new RegExp(`^${regexLiteral(literal)}$`).test(literal)).toBe(true);
    expect(new RegExp(`^${regexLiteral('/a.b')}$`).test('/axb')).toBe(false);
  });

  it('build an Apache regex from a literal path and a fixed pattern', () => {
    expect(apacheRegex('/srv/p1.x', 'docRoot', '/sites(/|$)')).toBe(String.raw`"^/srv/p1\\.x/sites(/|$)"`);
    expect(apacheRegex('/srv/"q"', 'docRoot', '/x')).toBe(String.raw`"^/srv/\"q\"/x"`);
    expect(() => apacheRegex('/srv/${X}', 'docRoot', '/x')).toThrow(/^docRoot: /);
  });
});
