/** A certificate as an issuer hands it to the hub: the chain and key (PEM), checked, with its facts. */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { AegirError } from './errors.js';
import { Secret } from './secrets.js';
import type { SiteCertificate, TlsIssuer } from './site-tls.js';

/** The site certificate of a chain and key: it must cover `names` and match the key. */
export function certificateFromPem(chain: string, key: string, names: readonly string[], issuer: TlsIssuer): SiteCertificate {
  const leaf = new X509Certificate(chain);
  const covered = dnsNamesOf(leaf);
  const missing = names.filter((name) => !covered.includes(name));
  if (missing.length > 0) throw new AegirError('tls_names_missing', `the ${issuer} certificate does not cover ${missing.join(', ')}`);
  if (!leaf.checkPrivateKey(createPrivateKey(key))) throw new AegirError('tls_key_mismatch', `the ${issuer} certificate does not match its key`);
  return {
    chain: chain.endsWith('\n') ? chain : `${chain}\n`,
    key: new Secret(key),
    notAfter: new Date(leaf.validTo).toISOString(),
    names: [...names],
    issuer,
  };
}

/** The DNS names of a certificate's subjectAltName. */
export function dnsNamesOf(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('DNS:'))
    .map((part) => part.slice('DNS:'.length));
}
