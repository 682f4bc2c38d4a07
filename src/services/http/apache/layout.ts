/** Where Aegir's Apache files live under the server's `configDir`. */
import type { WebServerSettings } from '../types.js';

/** Debian's module directory, for the LoadModule lines of modules the main config did not load. */
export const APACHE_MODULE_DIR = '/usr/lib/apache2/modules';

export interface ApacheLayout {
  /** The Aegir dir: `<configDir>/aegir`. */
  readonly aegirDir: string;
  /** Each TLS site's certificate chain and key (`<uri>.crt`, `<uri>.key`, 0600): `<configDir>/aegir/tls`. */
  readonly tlsDir: string;
  /** One `<uri>.conf` per site: `<configDir>/aegir/vhost.d`. */
  readonly vhostDir: string;
  /** The config generation the default server names in its answers: `<configDir>/aegir/generation.conf`. */
  readonly generationFile: string;
  /**
   * Server-level config: `<configDir>/conf-enabled/aegir.conf`. Debian's apache2.conf includes
   * conf-enabled/ before sites-enabled/, so the Aegir default vhost is the first on its port,
   * which makes it Apache's default for unknown hosts without touching the distribution's sites.
   */
  readonly serverConf: string;
}

export function apacheLayout(settings: Pick<WebServerSettings, 'configDir'>): ApacheLayout {
  const root = settings.configDir === '/' ? '' : settings.configDir;
  return {
    aegirDir: `${root}/aegir`,
    vhostDir: `${root}/aegir/vhost.d`,
    generationFile: `${root}/aegir/generation.conf`,
    tlsDir: `${root}/aegir/tls`,
    serverConf: `${root}/conf-enabled/aegir.conf`,
  };
}
