/**
 * The names a site's vhost answers to, checked for config files: the names that serve the site
 * (or its disabled page), and the aliases that redirect to the uri.
 */
import { hostName } from './quote.js';
import { checkVhostPaths } from './site-paths.js';
import type { VhostInput } from './types.js';

export interface VhostNames {
  /** The uri first: apps read it back as SERVER_NAME. */
  readonly served: readonly string[];
  /** Aliases answering with a 301 to the uri; none when the site is disabled. */
  readonly redirected: readonly string[];
}

/** The names of a site's vhost; also checks the site's paths, so a vhost renders only from valid input. */
export function vhostNames(site: VhostInput): VhostNames {
  checkVhostPaths(site);
  const uri = hostName(site.uri, 'uri');
  const aliases = site.aliases.map((alias) => hostName(alias, 'aliases'));
  const redirect = site.redirect && site.enabled;
  return { served: redirect ? [uri] : [uri, ...aliases], redirected: redirect ? aliases : [] };
}

/** `http://uri` with the port when it is not 80: the target of alias redirects. */
export function siteOrigin(uri: string, port: number): string {
  return port === 80 ? `http://${uri}` : `http://${uri}:${port}`;
}
