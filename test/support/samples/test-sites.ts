/** Sample sites and settings shared by the http unit tests. */
import type { AppKind } from '../../../src/model/platform.js';
import { Secret } from '../../../src/model/secrets.js';
import { httpApacheSettings } from '../../../src/model/settings/http-apache.js';
import { httpNginxSettings } from '../../../src/model/settings/http-nginx.js';
import type { VhostInput } from '../../../src/services/http/types.js';

export const NGINX_SETTINGS = httpNginxSettings.parse({});
export const APACHE_SETTINGS = httpApacheSettings.parse({});

export const VARIANTS = ['enabled', 'redirect', 'disabled'] as const;
export type Variant = (typeof VARIANTS)[number];

/** example.com on /srv/platforms/p1 with two aliases: served, redirecting, or disabled. */
export function sampleSite(app: AppKind, variant: Variant): VhostInput {
  const siteDir = '/srv/platforms/p1/sites/example.com';
  return {
    uri: 'example.com',
    aliases: ['www.example.com', 'example.org'],
    redirect: variant !== 'enabled',
    enabled: variant !== 'disabled',
    docRoot: '/srv/platforms/p1',
    siteDir,
    publicFilesDir: `${siteDir}/files`,
    privateFilesDir: `${siteDir}/private`,
    app,
  };
}

/** A stand-in certificate chain and key (the vhost only places them; no TLS library reads them here). */
export const SAMPLE_CHAIN = '-----BEGIN CERTIFICATE-----\nMIIBsample\n-----END CERTIFICATE-----\n';
export const SAMPLE_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHsamplekey\n-----END PRIVATE KEY-----\n';

/** example.com with https: `on` or `required`, aliases redirecting or not, with a certificate or still waiting for one. */
export function sampleTlsSite(app: AppKind, mode: 'on' | 'required', options: { redirect?: boolean; certificate?: boolean } = {}): VhostInput {
  const site = sampleSite(app, options.redirect === true ? 'redirect' : 'enabled');
  const certificate = options.certificate === false ? undefined : { chain: SAMPLE_CHAIN, key: new Secret(SAMPLE_KEY) };
  return { ...site, tls: certificate === undefined ? { mode } : { mode, certificate } };
}
