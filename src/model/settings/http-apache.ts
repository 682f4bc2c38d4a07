import type { z } from 'zod';
import { webServerSettings } from './web-server.js';

/** Settings of `http.apache`. */
export const httpApacheSettings = webServerSettings({
  reloadArgv: ['apache2ctl', 'graceful'],
  configTestArgv: ['apache2ctl', 'configtest'],
  configDir: '/etc/apache2',
});

export type HttpApacheSettings = z.output<typeof httpApacheSettings>;
