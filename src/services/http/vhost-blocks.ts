/**
 * Which blocks a site's vhost is made of, the same for every web server: a block serving the
 * site's names (or its disabled page), and, when its aliases redirect, a block answering them with
 * a 301 to the uri. A TLS site with a certificate gets the same blocks again on the https port;
 * with `required`, its http names answer with a 301 to https, except the ACME challenge path,
 * which stays reachable on every http name of a TLS site. A dialect only renders each block.
 */
import { appKindIn, type AppRegistry, type AppWebRules } from '../../apps/index.js';
import { header } from './app-rules.js';
import { httpsOrigin, tlsPaths, tlsPortOf, type TlsPaths } from './tls-files.js';
import type { VhostInput, WebServerSettings } from './types.js';
import { siteOrigin, vhostNames } from './vhost-names.js';

/** Where a block listens: plain http on the server's port, or https with the site's certificate. */
export type BlockListen =
  | { readonly tls: false; readonly port: number }
  | { readonly tls: true; readonly port: number; readonly certificate: TlsPaths };

/** Where a redirect goes (the request's path is kept): a fixed origin, or https on the name the request was for. */
export type RedirectTarget =
  | { readonly kind: 'origin'; readonly origin: string }
  | { readonly kind: 'httpsSameHost'; readonly port: number };

export type VhostBlock =
  /** The site itself, with its app's rules. */
  | { readonly kind: 'site'; readonly names: readonly string[]; readonly listen: BlockListen }
  /** Every path answers with the disabled page (HTTP 503). */
  | { readonly kind: 'disabled'; readonly names: readonly string[]; readonly listen: BlockListen }
  /** A 301 of every request; with `acmeRoot`, the ACME challenge path is served from it instead. */
  | { readonly kind: 'redirect'; readonly names: readonly string[]; readonly listen: BlockListen; readonly target: RedirectTarget; readonly acmeRoot?: string };

/** How one web server writes the blocks. Everything it writes that comes from data is quoted by it. */
export interface VhostRenderer {
  /** The server's name in the file's heading, e.g. `nginx`. */
  readonly name: string;
  site(block: Extract<VhostBlock, { readonly kind: 'site' }>, site: VhostInput, rules: AppWebRules, settings: WebServerSettings): string;
  disabled(block: Extract<VhostBlock, { readonly kind: 'disabled' }>): string;
  redirect(block: Extract<VhostBlock, { readonly kind: 'redirect' }>): string;
}

/** The blocks of a site's vhost, in order; also checks the site's names and paths. */
export function vhostBlocks(site: VhostInput, settings: WebServerSettings, tlsDir: string): VhostBlock[] {
  const names = vhostNames(site);
  const http: BlockListen = { tls: false, port: settings.port };
  const tlsPort = tlsPortOf(settings);
  const secure: BlockListen | undefined = site.tls?.certificate === undefined
    ? undefined
    : { tls: true, port: tlsPort, certificate: tlsPaths(tlsDir, site.uri) };
  const toHttps = secure !== undefined && site.tls?.mode === 'required' && site.enabled;
  const acmeRoot = site.tls === undefined ? {} : { acmeRoot: site.docRoot };
  const served = names.served;
  const blocks: VhostBlock[] = [];
  if (!site.enabled) {
    blocks.push({ kind: 'disabled', names: served, listen: http });
    if (secure !== undefined) blocks.push({ kind: 'disabled', names: served, listen: secure });
  } else {
    blocks.push(toHttps
      ? { kind: 'redirect', names: served, listen: http, target: { kind: 'httpsSameHost', port: tlsPort }, acmeRoot: site.docRoot }
      : { kind: 'site', names: served, listen: http });
    if (secure !== undefined) blocks.push({ kind: 'site', names: served, listen: secure });
  }
  if (names.redirected.length > 0) {
    const origin = toHttps ? httpsOrigin(site.uri, tlsPort) : siteOrigin(site.uri, settings.port);
    blocks.push({ kind: 'redirect', names: names.redirected, listen: http, target: { kind: 'origin', origin }, ...acmeRoot });
    if (secure !== undefined) {
      blocks.push({ kind: 'redirect', names: names.redirected, listen: secure, target: { kind: 'origin', origin: httpsOrigin(site.uri, tlsPort) } });
    }
  }
  return blocks;
}

/** The whole vhost file: its heading, then each block as the renderer writes it, with the rules of the site's app kind in `apps`. */
export function renderVhost(renderer: VhostRenderer, site: VhostInput, settings: WebServerSettings, tlsDir: string, apps: AppRegistry): string {
  const blocks = vhostBlocks(site, settings, tlsDir);
  const state = site.enabled ? 'enabled' : 'disabled';
  const web = appKindIn(apps, site.app).web;
  const text = blocks.map((block) => {
    switch (block.kind) {
      case 'site':
        return renderer.site(block, site, web, settings);
      case 'disabled':
        return renderer.disabled(block);
      case 'redirect':
        return renderer.redirect(block);
    }
  });
  return `${header(`${renderer.name} vhost of ${site.uri} (${site.app} site, ${state}).`)}${text.join('\n')}`;
}
