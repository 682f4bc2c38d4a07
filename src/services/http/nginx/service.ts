/**
 * `http.nginx`: the server-level config goes to `<configDir>/conf.d/aegir.conf` (Debian's
 * nginx.conf includes conf.d/*.conf inside `http {}`), site vhosts to
 * `<configDir>/aegir/vhost.d/<uri>.conf`. Debian's default site is removed because it claims
 * `default_server`, which the Aegir default server (404 for unknown hosts) needs.
 */
import type { HttpNginxSettings } from '../../../model/settings/http-nginx.js';
import type { HttpService } from '../types.js';
import { webHttpService } from '../web-service.js';
import { nginxLayout } from './layout.js';
import { nginxGenerationConfig, nginxServerConfig } from './server-config.js';
import { nginxVhost } from './vhost.js';

export const nginxHttpService: HttpService<HttpNginxSettings, 'http.nginx'> = webHttpService({
  id: 'http.nginx',
  dirs: (settings) => {
    const layout = nginxLayout(settings);
    return [{ name: 'aegir', path: layout.aegirDir }, { name: 'vhost.d', path: layout.vhostDir }];
  },
  conflicting: (settings) => [{ name: 'distribution-default-site', path: nginxLayout(settings).distroDefaultSite }],
  tlsDir: (settings) => nginxLayout(settings).tlsDir,
  serverConfig: nginxServerConfig,
  vhost: nginxVhost,
  generationFile: (settings) => nginxLayout(settings).generationFile,
  generationConfig: nginxGenerationConfig,
  // The nginx master lets the old workers accept connections for 100 ms after the new ones start.
  reloadSettleMs: 300,
});
