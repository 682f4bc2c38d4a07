import { describe, expect, it } from 'vitest';
import { Secret } from './secrets.js';
import { certificateDue, certificateNames, tlsIssuerOf, tlsModeOf, type SiteCertificate } from './site-tls.js';
import { parseSite } from './site.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const cert = (overrides: Partial<SiteCertificate> = {}): SiteCertificate => ({
  chain: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', key: new Secret('k'),
  notAfter: '2026-03-01T00:00:00Z', names: ['a.example', 'b.example'], issuer: 'self-signed', ...overrides,
});
const site = { uri: 'a.example', aliases: ['b.example'], tls: 'on' as const, tlsIssuer: 'self-signed' as const };

describe('site TLS', () => {
  it('defaults to off and self-signed; refuses unknown modes and issuers', () => {
    const parsed = parseSite({ uri: 'a.example', platform: '@p', db: '@d' });
    expect([tlsModeOf(parsed), tlsIssuerOf(parsed)]).toEqual(['off', 'self-signed']);
    expect(parsed.certificate).toBeUndefined();
    expect(() => parseSite({ uri: 'a.example', platform: '@p', db: '@d', tls: 'yes' })).toThrow(/tls/);
    expect(() => parseSite({ uri: 'a.example', platform: '@p', db: '@d', tlsIssuer: 'letsencrypt' })).toThrow(/tlsIssuer/);
  });

  it('names the uri first, then the aliases', () => {
    expect(certificateNames(site)).toEqual(['a.example', 'b.example']);
  });

  it.each([
    ['no certificate', site, true],
    ['a current one', { ...site, certificate: cert() }, false],
    ['one expiring within 30 days', { ...site, certificate: cert({ notAfter: '2026-01-20T00:00:00Z' }) }, true],
    ['one from another issuer', { ...site, tlsIssuer: 'acme' as const, certificate: cert() }, true],
    ['one missing an alias', { ...site, aliases: ['b.example', 'c.example'], certificate: cert() }, true],
    ['TLS off', { ...site, tls: 'off' as const }, false],
  ])('is due with %s: %s', (_what, input, due) => {
    expect(certificateDue(input, NOW)).toBe(due);
  });
});
