/**
 * Where a TLS site's certificate chain and key go on a web head, and the config files that place
 * them: the chain world-readable, the key 0600 and sensitive (never shown or diffed). Plus the
 * https port and origins the vhosts redirect to.
 */
import { ValidationError } from '../../model/errors.js';
import { hostName } from './quote.js';
import type { ConfigFile, VhostInput, WebServerSettings } from './types.js';

export const DEFAULT_TLS_PORT = 443;

/** The ACME HTTP-01 challenge path: served from `<docRoot>/.well-known/acme-challenge/` on every name. */
export const ACME_CHALLENGE_PATH = '/.well-known/acme-challenge/';

export interface TlsPaths {
  readonly certificate: string;
  readonly key: string;
}

export function tlsPortOf(settings: Pick<WebServerSettings, 'tlsPort'>): number {
  return settings.tlsPort ?? DEFAULT_TLS_PORT;
}

export function tlsPaths(tlsDir: string, uri: string): TlsPaths {
  const name = hostName(uri, 'uri');
  return { certificate: `${tlsDir}/${name}.crt`, key: `${tlsDir}/${name}.key` };
}

/** The chain and key files of a site that has a certificate; none otherwise. */
export function tlsConfigFiles(site: VhostInput, tlsDir: string): ConfigFile[] {
  const cert = site.tls?.certificate;
  if (cert === undefined) return [];
  const paths = tlsPaths(tlsDir, site.uri);
  const key = cert.key.reveal();
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----\n/.test(key)) throw new ValidationError('tls.key', '(secret)', 'is not a PEM private key');
  return [
    { name: `tls:${site.uri}:certificate`, path: paths.certificate, content: cert.chain.endsWith('\n') ? cert.chain : `${cert.chain}\n`, mode: 0o644 },
    { name: `tls:${site.uri}:key`, path: paths.key, content: key.endsWith('\n') ? key : `${key}\n`, mode: 0o600, sensitive: true },
  ];
}

/** The files of a site's TLS to remove with its vhost. */
export function tlsRemovals(uri: string, tlsDir: string): { name: string; path: string }[] {
  const paths = tlsPaths(tlsDir, uri);
  return [{ name: `tls:${uri}:certificate`, path: paths.certificate }, { name: `tls:${uri}:key`, path: paths.key }];
}

/** `https://uri` with the port when it is not 443. */
export function httpsOrigin(uri: string, tlsPort: number): string {
  return tlsPort === DEFAULT_TLS_PORT ? `https://${uri}` : `https://${uri}:${tlsPort}`;
}

/** `:port` when the https port is not 443, for redirects built from the request's host. */
export function tlsPortSuffix(tlsPort: number): string {
  return tlsPort === DEFAULT_TLS_PORT ? '' : `:${tlsPort}`;
}
