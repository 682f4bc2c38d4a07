import { readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureHubKeyPair, fingerprintHostKeys, hubKeyPath, knownHostsName, pinHostKey, removeHostKey } from './keys.js';

const KEY_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFVkUr5uRyRPrV6jVSePs1+16n7f/nWR1S554nXWwgQ1';
const KEY_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIArBg0W3lAsOJr06sWU/F2nHWa3AYKZjJOkOdIzULGcq';

describe('hub keys', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'aegir-keys-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('makes an ed25519 key pair once and returns the same public line afterwards', async () => {
    const first = await ensureHubKeyPair(home);
    expect(first).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ aegir@\S+$/);
    expect(statSync(hubKeyPath(home)).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'ssh')).mode & 0o777).toBe(0o700);
    const privateKey = readFileSync(hubKeyPath(home), 'utf8');
    expect(await ensureHubKeyPair(home)).toBe(first);
    expect(readFileSync(hubKeyPath(home), 'utf8')).toBe(privateKey);
  });

  it('pins host keys, replacing only the entries of that host and port', async () => {
    const file = join(home, 'ssh', 'known_hosts');
    await pinHostKey(file, '10.0.0.5', 22, [KEY_A]);
    await pinHostKey(file, '10.0.0.6', 2222, [`[10.0.0.6]:2222 ${KEY_A} comment`]);
    await pinHostKey(file, '10.0.0.5', 22, [KEY_B]);
    expect(readFileSync(file, 'utf8')).toBe(`[10.0.0.6]:2222 ${KEY_A}\n10.0.0.5 ${KEY_B}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await removeHostKey(file, '10.0.0.6', 2222);
    expect(readFileSync(file, 'utf8')).toBe(`10.0.0.5 ${KEY_B}\n`);
  });

  it('keeps entries it did not write and refuses lines that are not keys', async () => {
    const file = join(home, 'known_hosts');
    writeFileSync(file, `web.example.org,10.0.0.9 ${KEY_A}\n`);
    await pinHostKey(file, '10.0.0.5', 22, [KEY_B]);
    expect(readFileSync(file, 'utf8')).toBe(`web.example.org,10.0.0.9 ${KEY_A}\n10.0.0.5 ${KEY_B}\n`);
    await removeHostKey(file, '10.0.0.9', 22);
    expect(readFileSync(file, 'utf8')).toBe(`10.0.0.5 ${KEY_B}\n`);
    await expect(pinHostKey(file, '10.0.0.5', 22, ['not a key!'])).rejects.toThrow(/host key/);
    await expect(pinHostKey(file, '10.0.0.5', 22, [])).rejects.toThrow(/at least one/);
  });

  it('names hosts as known_hosts does', () => {
    expect(knownHostsName('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(knownHostsName('web1.example.org', 2222)).toBe('[web1.example.org]:2222');
    expect(() => knownHostsName('-oFoo', 22)).toThrow(/host/);
  });

  it('fingerprints keys for a person to confirm', async () => {
    const [line] = await fingerprintHostKeys([KEY_A]);
    expect(line).toMatch(/^256 SHA256:[A-Za-z0-9+/]+ .*\(ED25519\)$/);
  });
});
