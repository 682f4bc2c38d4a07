/**
 * `http.apache`: the server-level config goes to `<configDir>/conf-enabled/aegir.conf`, site
 * vhosts to `<configDir>/aegir/vhost.d/<uri>.conf`. Nothing of the distribution is removed.
 */
import type { HttpApacheSettings } from '../../../model/settings/http-apache.js';
import type { HttpService } from '../types.js';
import { webHttpService } from '../web-service.js';
import { apacheLayout } from './layout.js';
import { apacheGenerationConfig, apacheServerConfig } from './server-config.js';
import { apacheVhost } from './vhost.js';

export const apacheHttpService: HttpService<HttpApacheSettings, 'http.apache'> = webHttpService({
  id: 'http.apache',
  dirs: (settings) => {
    const layout = apacheLayout(settings);
    return [{ name: 'aegir', path: layout.aegirDir }, { name: 'vhost.d', path: layout.vhostDir }];
  },
  conflicting: () => [],
  tlsDir: (settings) => apacheLayout(settings).tlsDir,
  serverConfig: apacheServerConfig,
  vhost: apacheVhost,
  generationFile: (settings) => apacheLayout(settings).generationFile,
  generationConfig: apacheGenerationConfig,
  // A graceful restart stops the old children accepting before new ones start: a short margin.
  reloadSettleMs: 100,
});
