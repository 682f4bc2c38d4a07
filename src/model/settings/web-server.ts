import { z } from 'zod';
import { pathRelation } from '../paths.js';
import { argvSetting, configDirSetting, configTestSetting, groupSetting, platformBasesSetting, portSetting, socketSetting } from './fields.js';

/** The defaults that differ between web servers. */
export interface WebServerDefaults {
  readonly reloadArgv: readonly string[];
  readonly configTestArgv: readonly string[];
  readonly configDir: string;
}

/**
 * The settings every web server implementation has: its ports (http and https differ), how it is
 * reloaded and its config tested, its config directory, the PHP-FPM socket its vhosts pass PHP
 * to, the group PHP runs in, and the bases under which platform roots may be placed.
 */
export function webServerSettings(defaults: WebServerDefaults) {
  return z
    .strictObject({
      port: portSetting.default(80),
      /** The https port of sites with TLS. */
      tlsPort: portSetting.default(443),
      reloadArgv: argvSetting(defaults.reloadArgv),
      configTestArgv: configTestSetting(defaults.configTestArgv),
      configDir: configDirSetting.default(defaults.configDir),
      phpFpmSocket: socketSetting.default('/run/php/php8.2-fpm.sock'),
      webGroup: groupSetting.default('www-data'),
      /** Platform roots on this server are dedicated directories below one of these. */
      platformBases: platformBasesSetting,
    })
    .superRefine((settings, ctx) => {
      if (settings.tlsPort === settings.port) {
        ctx.addIssue({
          code: 'custom', path: ['tlsPort'], input: settings.tlsPort,
          message: `is the same port as port (${settings.port}): http and https need a port each`,
        });
      }
      const base = settings.platformBases.find((b) => pathRelation(settings.configDir, b) !== 'apart');
      if (base !== undefined) {
        ctx.addIssue({
          code: 'custom', path: ['configDir'], input: settings.configDir,
          message: `overlaps the platform base ${base}: the web server's config and platform code are kept apart`,
        });
      }
    });
}
