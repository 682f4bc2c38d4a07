import { z } from 'zod';
import { argvSetting, pathSetting, portSetting, userSetting } from './fields.js';

/** Settings of `http.nginx`. */
export const httpNginxSettings = z.strictObject({
  port: portSetting.default(80),
  /** The https port of sites with TLS. */
  tlsPort: portSetting.default(443),
  reloadArgv: argvSetting(['nginx', '-s', 'reload']),
  configTestArgv: argvSetting(['nginx', '-t']),
  configDir: pathSetting.default('/etc/nginx'),
  phpFpmSocket: pathSetting.default('/run/php/php8.2-fpm.sock'),
  webGroup: userSetting.default('www-data'),
});

export type HttpNginxSettings = z.output<typeof httpNginxSettings>;
