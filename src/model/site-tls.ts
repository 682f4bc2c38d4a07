/**
 * TLS of a site: whether it serves https (`on`: beside http; `required`: http redirects to https),
 * who issues its certificate (`self-signed` on the hub, or an `acme` CA through HTTP-01), and the
 * certificate the hub holds for it (the key a `Secret`, encrypted at rest).
 */
import { z } from 'zod';
import { Secret } from './secrets.js';

export const TLS_MODES = ['off', 'on', 'required'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const TLS_ISSUERS = ['self-signed', 'acme'] as const;
export type TlsIssuer = (typeof TLS_ISSUERS)[number];

/** A certificate the hub holds for a site. */
export interface SiteCertificate {
  /** The certificate and its chain, PEM. */
  readonly chain: string;
  /** The private key, PEM. */
  readonly key: Secret;
  /** Expiry, ISO 8601. */
  readonly notAfter: string;
  /** The DNS names it covers (the uri first, then the aliases). */
  readonly names: readonly string[];
  readonly issuer: TlsIssuer;
}

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/;

export const siteCertificateSchema = z.strictObject({
  chain: z.string().regex(PEM_CERTIFICATE, 'is not a PEM certificate chain'),
  key: z.custom<Secret>((value) => value instanceof Secret, 'is not a secret'),
  notAfter: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date'),
  names: z.array(z.string().min(1)).min(1).readonly(),
  issuer: z.enum(TLS_ISSUERS),
});

/** A site's TLS as the record holds it: absent fields take their defaults. */
export interface SiteTlsFields {
  readonly uri: string;
  readonly aliases: readonly string[];
  readonly tls?: TlsMode | undefined;
  readonly tlsIssuer?: TlsIssuer | undefined;
  readonly certificate?: SiteCertificate | undefined;
}

/** The TLS mode of a site: `off` unless set. */
export function tlsModeOf(site: Pick<SiteTlsFields, 'tls'>): TlsMode {
  return site.tls ?? 'off';
}

/** The certificate issuer of a site: `self-signed` unless set. */
export function tlsIssuerOf(site: Pick<SiteTlsFields, 'tlsIssuer'>): TlsIssuer {
  return site.tlsIssuer ?? 'self-signed';
}

/** The names a certificate for a site must cover: its uri, then its aliases. */
export function certificateNames(site: { readonly uri: string; readonly aliases: readonly string[] }): string[] {
  return [site.uri, ...site.aliases];
}

/**
 * Whether a site's certificate must be (re)issued at `now`: TLS on, and no certificate, one from
 * another issuer, one missing a name, or one expiring within `withinDays`.
 */
export function certificateDue(site: SiteTlsFields, now: Date, withinDays = 30): boolean {
  if (tlsModeOf(site) === 'off') return false;
  const cert = site.certificate;
  if (cert === undefined || cert.issuer !== tlsIssuerOf(site)) return true;
  if (certificateNames(site).some((name) => !cert.names.includes(name))) return true;
  return Date.parse(cert.notAfter) - now.getTime() < withinDays * 86_400_000;
}
