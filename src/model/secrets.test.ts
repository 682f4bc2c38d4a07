import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AegirError } from './errors.js';
import { secretBoxIn } from '../store/secret-key.js';
import { REDACTED, Secret, generateSecret } from './secrets.js';

const dirs: string[] = [];
function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aegir-secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function unreadable(run: () => unknown): AegirError {
  try {
    run();
  } catch (error) {
    if (error instanceof AegirError) return error;
    throw error;
  }
  throw new Error('expected an AegirError');
}

describe('Secret', () => {
  const secret = new Secret('hunter2-value');

  it('redacts in String, templates, JSON, inspect and format', () => {
    expect(String(secret)).toBe(REDACTED);
    expect(`${secret}`).toBe(REDACTED);
    expect(JSON.stringify({ password: secret })).toBe('{"password":"********"}');
    expect(inspect({ nested: { password: secret } }, { depth: 5 })).not.toContain('hunter2');
    expect(format('%s %o %j', secret, secret, { secret })).not.toContain('hunter2');
    expect(Object.keys(secret)).toEqual([]);
  });

  it('gives the value only through reveal()', () => {
    expect(secret.reveal()).toBe('hunter2-value');
    expect(secret.equals(new Secret('hunter2-value'))).toBe(true);
  });
});

describe('generateSecret', () => {
  it('makes url-safe secrets of at least 24 characters, different each time', () => {
    const a = generateSecret().reveal();
    const b = generateSecret().reveal();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(a).not.toBe(b);
    expect(generateSecret(48).reveal().length).toBe(64);
    expect(() => generateSecret(8)).toThrow(RangeError);
  });
});

describe('SecretBox', () => {
  it('creates secret.key (32 bytes, mode 0600) on first use and reuses it', () => {
    const home = join(tempHome(), 'nested', 'home');
    const box = secretBoxIn(home);
    const keyFile = join(home, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile).length).toBe(32);
    const blob = box.encrypt('pw');
    expect(secretBoxIn(home).decrypt(blob)).toBe('pw');
    expect(readFileSync(keyFile).length).toBe(32);
  });

  it('round-trips text and Secrets, with a fresh IV each time', () => {
    const box = secretBoxIn(tempHome());
    const plain = 'pässwörd with spaces & symbols $\'"';
    const a = box.encrypt(plain);
    const b = box.encrypt(new Secret(plain));
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pässwörd');
    expect(box.decrypt(a)).toBe(plain);
    expect(box.open(b).reveal()).toBe(plain);
  });

  it('refuses a blob encrypted with another key', () => {
    const blob = secretBoxIn(tempHome()).encrypt('pw');
    const other = secretBoxIn(tempHome());
    expect(unreadable(() => other.decrypt(blob)).code).toBe('secret_unreadable');
  });

  it('detects tampering with the ciphertext, tag or IV', () => {
    const box = secretBoxIn(tempHome());
    const [v, iv, tag, body] = box.encrypt('the secret').split(':') as [string, string, string, string];
    const flip = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    for (const blob of [
      [v, iv, tag, flip(body)].join(':'),
      [v, iv, flip(tag), body].join(':'),
      [v, flip(iv), tag, body].join(':'),
      ['v2', iv, tag, body].join(':'),
      'not a blob',
      '',
    ]) {
      expect(unreadable(() => box.decrypt(blob)).code).toBe('secret_unreadable');
    }
  });

  it('binds the context: a blob moved to another field does not open', () => {
    const box = secretBoxIn(tempHome());
    const blob = box.encrypt('pw', 'server:@db1:db.password');
    expect(box.decrypt(blob, 'server:@db1:db.password')).toBe('pw');
    expect(unreadable(() => box.decrypt(blob, 'server:@db2:db.password')).code).toBe('secret_unreadable');
  });

  it('refuses a key file of the wrong size and never prints its key', () => {
    const home = tempHome();
    writeFileSync(join(home, 'secret.key'), 'short');
    expect(unreadable(() => secretBoxIn(home)).code).toBe('secret_key_invalid');
    const box = secretBoxIn(tempHome());
    expect(inspect(box)).toBe('SecretBox { key: ******** }');
  });
});
