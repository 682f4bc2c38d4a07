import type { z } from 'zod';
import { webServerSettings } from './web-server.js';

/** Settings of `http.nginx`. */
export const httpNginxSettings = webServerSettings({
  reloadArgv: ['nginx', '-s', 'reload'],
  configTestArgv: ['nginx', '-t'],
  configDir: '/etc/nginx',
});

export type HttpNginxSettings = z.output<typeof httpNginxSettings>;
