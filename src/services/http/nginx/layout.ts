/** Where Aegir's nginx files live under the server's `configDir`. */
import type { WebServerSettings } from '../types.js';

export interface NginxLayout {
  /** The Aegir dir: `<configDir>/aegir`. */
  readonly aegirDir: string;
  /** Each TLS site's certificate chain and key (`<uri>.crt`, `<uri>.key`, 0600): `<configDir>/aegir/tls`. */
  readonly tlsDir: string;
  /** One `<uri>.conf` per site: `<configDir>/aegir/vhost.d`. */
  readonly vhostDir: string;
  /** The config generation the default server names in its answers: `<configDir>/aegir/generation.conf`. */
  readonly generationFile: string;
  /** Server-level config, included by Debian's nginx.conf inside `http {}`: `<configDir>/conf.d/aegir.conf`. */
  readonly serverConf: string;
  /** FastCGI parameters the vhosts include: `<configDir>/aegir/fastcgi.conf`. */
  readonly fastcgiConf: string;
  /** Debian's default site, which claims `default_server` and so is removed: `<configDir>/sites-enabled/default`. */
  readonly distroDefaultSite: string;
}

export function nginxLayout(settings: Pick<WebServerSettings, 'configDir'>): NginxLayout {
  const root = settings.configDir === '/' ? '' : settings.configDir;
  return {
    aegirDir: `${root}/aegir`,
    vhostDir: `${root}/aegir/vhost.d`,
    generationFile: `${root}/aegir/generation.conf`,
    tlsDir: `${root}/aegir/tls`,
    serverConf: `${root}/conf.d/aegir.conf`,
    fastcgiConf: `${root}/aegir/fastcgi.conf`,
    distroDefaultSite: `${root}/sites-enabled/default`,
  };
}
