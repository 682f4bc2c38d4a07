import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HOSTILE_SECRET } from '../../test/support/samples/app-examples.js';
import { exactHostPattern, phpDefine, phpLiteral, phpString } from './php-literal.js';

const HOSTILE = [
  '',
  "'",
  '\\',
  "\\'",
  "'\\",
  '\\\\\'\\',
  '$x {$y} ${z}',
  '"double" \\n \\t \\x41 \\101',
  "?> <?php echo 'owned'; ?>",
  'line\nbreak\r\n',
  'ünïcödé — 日本 🐘',
  HOSTILE_SECRET,
];

/** PHP itself, when installed: the golden strings below are checked without it. */
function hasPhp(): boolean {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('phpString', () => {
  it('doubles backslashes and escapes single quotes, nothing else', () => {
    expect(phpString('plain')).toBe("'plain'");
    expect(phpString("it's")).toBe("'it\\'s'");
    expect(phpString('a\\b')).toBe("'a\\\\b'");
    expect(phpString("\\'")).toBe("'\\\\\\''");
    expect(phpString('$x "y"\n')).toBe("'$x \"y\"\n'");
  });

  it('refuses NUL bytes and lone surrogates without echoing the value', () => {
    expect(() => phpString('secret\0')).toThrow(/NUL/);
    expect(() => phpString('secret\0')).not.toThrow(/secret/);
    expect(() => phpString('x\uD800y')).toThrow(/Unicode/);
  });

  it.runIf(hasPhp())('round-trips hostile values through real PHP', () => {
    const script = `<?php\necho json_encode([${HOSTILE.map(phpString).join(', ')}]);\n`;
    const out = execFileSync('php', [], { input: script, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(HOSTILE);
  });
});

describe('phpLiteral', () => {
  it('writes nested short and long arrays with scalars', () => {
    const value = { a: 'x', n: 3, t: true, f: false, z: null, list: ['p', 'q'], empty: [] };
    expect(phpLiteral(value)).toBe(
      "[\n  'a' => 'x',\n  'n' => 3,\n  't' => TRUE,\n  'f' => FALSE,\n  'z' => NULL,\n  'list' => [\n    'p',\n    'q',\n  ],\n  'empty' => [],\n]",
    );
    expect(phpLiteral({ k: ['v'] }, 'long')).toBe("array(\n  'k' => array(\n    'v',\n  ),\n)");
  });

  it('refuses non-integer numbers and bad constant names', () => {
    expect(() => phpLiteral(1.5)).toThrow(/integer/);
    expect(() => phpDefine("X'); evil(); //", 'v')).toThrow(/constant/);
  });

  it.runIf(hasPhp())('evaluates to the same structure in real PHP, hostile keys included', () => {
    const value = { [HOSTILE_SECRET]: HOSTILE, nested: { "k'\\": [1, 'two'] } };
    const out = execFileSync('php', [], { input: `<?php\necho json_encode(${phpLiteral(value, 'long')});\n`, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('exactHostPattern', () => {
  it('anchors and escapes dots', () => {
    expect(exactHostPattern('www.example.com')).toBe('^www\\.example\\.com$');
  });

  it.runIf(hasPhp())('matches only the exact host in PCRE', () => {
    const pattern = phpString(exactHostPattern('www.example.com'));
    const script = `<?php\n$p = '/' . ${pattern} . '/i';\necho json_encode(array_map(fn ($h) => preg_match($p, $h), ['www.example.com', 'WWW.EXAMPLE.COM', 'wwwxexample.com', 'www.example.com.evil.org', 'a.www.example.com']));\n`;
    expect(JSON.parse(execFileSync('php', [], { input: script, encoding: 'utf8' }))).toEqual([1, 1, 0, 0, 0]);
  });
});
