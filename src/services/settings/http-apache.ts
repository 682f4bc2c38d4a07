import { z } from 'zod';
import { argvSetting, pathSetting, portSetting, userSetting } from './fields.js';

/** Settings of `http.apache`. */
export const httpApacheSettings = z.strictObject({
  port: portSetting.default(80),
  /** The https port of sites with TLS. */
  tlsPort: portSetting.default(443),
  reloadArgv: argvSetting(['apache2ctl', 'graceful']),
  configTestArgv: argvSetting(['apache2ctl', 'configtest']),
  configDir: pathSetting.default('/etc/apache2'),
  phpFpmSocket: pathSetting.default('/run/php/php8.2-fpm.sock'),
  webGroup: userSetting.default('www-data'),
});

export type HttpApacheSettings = z.output<typeof httpApacheSettings>;
