/**
 * WordPress: one codebase, one `wp-config.php` per site under `sites/<uri>/`, picked by the
 * platform's switch `wp-config.php` (by server name, or WP_SITE on the command line). Uploads go to
 * the site's files directory (UPLOADS); themes and plugins are the platform's (no file changes
 * from the admin screens). Installs with `wp_install()`; a front controller.
 */
import { settingsFile, siteDirectories } from '../site-layout.js';
import { STANDARD_LAYOUT } from '../standard-layout.js';
import { switchFile } from '../switch-file.js';
import type { AppKindWithInstaller } from '../types.js';
import { wordpressConfig, wordpressConfigPath } from './config.js';
import { wordpressInstaller } from './installer.js';
import { WORDPRESS_SWITCH } from './switch.js';

export const wordpressApp: AppKindWithInstaller<'wordpress'> = {
  name: 'wordpress',
  layout: STANDARD_LAYOUT,
  settingsFiles: (input) => [settingsFile(input, wordpressConfigPath(input), wordpressConfig(input))],
  directories: (input) => siteDirectories(input, ['temp']),
  platformFiles: (platformRoot) => [switchFile(platformRoot, WORDPRESS_SWITCH)],
  installer: (input) => wordpressInstaller(input),
  updater: () => undefined,
  code: { markers: ['wp-includes/version.php'], extraPaths: () => [], read: () => ({}) },
  web: { frontController: true, deniedDirs: [], deniedExtensions: [] },
  // The front page; a site not installed yet redirects to wp-admin/install.php.
  liveCheck: { path: '/', statuses: [200, 301, 302] },
  pushExcludes: [...STANDARD_LAYOUT.pushExcludes, '/sites/*/wp-config.php', '/wp-config.php'],
};
