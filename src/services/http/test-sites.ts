/** Sample sites and settings shared by the http unit tests. */
import type { AppKind } from '../../model/platform.js';
import { httpApacheSettings } from '../settings/http-apache.js';
import { httpNginxSettings } from '../settings/http-nginx.js';
import type { VhostInput } from './types.js';

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
