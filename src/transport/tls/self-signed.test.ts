import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueSelfSigned, selfSignedArgv } from './self-signed.js';

const dir = mkdtempSync(join(tmpdir(), 'aegir-tls-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('self-signed certificates', () => {
  it('are made by openssl for every name, valid 90 days, matching their key; nothing left on disk', async () => {
    const tlsDir = join(dir, 'tls');
    const cert = await issueSelfSigned(['a.example', 'www.a.example'], tlsDir);
    const x509 = new X509Certificate(cert.chain);
    expect(x509.subjectAltName).toBe('DNS:a.example, DNS:www.a.example');
    expect(x509.verify(x509.publicKey)).toBe(true);
    const days = (Date.parse(cert.notAfter) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
    expect(cert).toMatchObject({ names: ['a.example', 'www.a.example'], issuer: 'self-signed' });
    expect(cert.key.reveal()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(JSON.stringify(cert)).not.toContain('PRIVATE KEY');
    expect(statSync(tlsDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(tlsDir)).toEqual([]);
  });

  it('name a uri too long for a common name in subjectAltName only', () => {
    const long = `${'a'.repeat(60)}.example`;
    expect(selfSignedArgv([long], '/k', '/c')).toContain('/O=Aegir self-signed');
    expect(selfSignedArgv(['a.example'], '/k', '/c')).toContain('/CN=a.example');
    expect(() => selfSignedArgv([], '/k', '/c')).toThrow(/at least one name/);
  });
});
