import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, shellQuoteArgv } from './shell-quote.js';

const TRICKY = [
  '',
  'plain',
  'two words',
  "it's",
  "''",
  '"double"',
  '$HOME',
  '${PATH}',
  '`id`',
  '$(id)',
  'a\nb',
  '\n',
  'tab\there',
  'back\\slash',
  '*',
  '?[a]',
  '~',
  '~root',
  'a;b|c&d',
  '>out',
  '<in',
  '#comment',
  '!bang',
  'FOO=bar',
  '-n',
  '--flag=value',
  'héllo wörld',
  '日本語',
  'emoji 🎉',
  '{a,b}',
  '\\\'',
];

/** What a real POSIX shell makes of the quoted command line: the argv printf receives. */
function roundTrip(shell: string, args: readonly string[]): string[] {
  const line = `printf '%s\\0' ${args.map(shellQuote).join(' ')}`;
  const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  for (const shell of ['/bin/sh', '/bin/bash']) {
    it(`round-trips every tricky argument through ${shell}`, () => {
      expect(roundTrip(shell, TRICKY)).toEqual(TRICKY);
    });
  }

  it('leaves plain words bare and quotes everything else', () => {
    expect(shellQuote('nginx')).toBe('nginx');
    expect(shellQuote('/etc/nginx/nginx.conf')).toBe('/etc/nginx/nginx.conf');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$x')).toBe("'$x'");
    expect(shellQuote('FOO=bar')).toBe("'FOO=bar'");
  });

  it('does not let a first word become a variable assignment', () => {
    const out = execFileSync('/bin/sh', ['-c', `${shellQuote('A=1')} 2>&1; echo "rc=$?"`], { encoding: 'utf8' });
    expect(out).toMatch(/not found/);
  });

  it('refuses NUL bytes, which no argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(TypeError);
  });
});

describe('shellQuoteArgv', () => {
  it('joins quoted elements with spaces', () => {
    expect(shellQuoteArgv(['echo', 'a b', "c'd"])).toBe("echo 'a b' 'c'\\''d'");
  });

  it('refuses an empty argv', () => {
    expect(() => shellQuoteArgv([])).toThrow(TypeError);
  });
});
