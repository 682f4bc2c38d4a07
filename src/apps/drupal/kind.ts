/**
 * Drupal (7, 10, 11): `sites/<uri>/settings.php`, aliases in the platform's `sites/sites.php`,
 * public files at `sites/<uri>/files` (or the site's own path), private files, temp and config
 * sync under the private directory. Installs with `drush site:install` when the platform has
 * drush; otherwise the site is left to Drupal's web installer. A front controller; the files of
 * its code (modules, themes, templates, config) are never served.
 */
import { settingsFile, siteDirectories, writableDir } from '../site-layout.js';
import { STANDARD_LAYOUT } from '../standard-layout.js';
import type { AppKind } from '../types.js';
import { DRUPAL_CODE } from './code.js';
import { drupalInstaller, drupalLoginLink, drupalUpdater } from './commands.js';
import { drupalConfigSyncDir, drupalPrivateFilesDir, drupalSettings, drupalSettingsPath } from './settings.js';
import { sitesPhpFile } from './sites-php.js';

export const drupalApp: AppKind<'drupal'> = {
  name: 'drupal',
  layout: STANDARD_LAYOUT,
  settingsFiles: (input) => [settingsFile(input, drupalSettingsPath(input), drupalSettings(input))],
  directories: (input) => [
    ...siteDirectories(input, ['temp']),
    writableDir(input, drupalPrivateFilesDir(input)),
    ...(input.drupalMajor === 7 ? [] : [writableDir(input, `${input.privateDir}/config`), writableDir(input, drupalConfigSyncDir(input))]),
  ],
  platformFiles: (platformRoot, sites) => [sitesPhpFile(platformRoot, sites)],
  installer: drupalInstaller,
  updater: drupalUpdater,
  loginLink: drupalLoginLink,
  code: DRUPAL_CODE,
  web: {
    frontController: true,
    deniedDirs: [],
    deniedExtensions: ['engine', 'inc', 'install', 'make', 'module', 'profile', 'po', 'sh', 'sql', 'theme', 'twig', 'tpl', 'xtmpl', 'ya?ml'],
  },
  // The front page; a site not installed yet redirects to core/install.php.
  liveCheck: { path: '/', statuses: [200, 301, 302, 303, 307, 308] },
  pushExcludes: [...STANDARD_LAYOUT.pushExcludes, '/sites/*/settings.php', '/sites/sites.php'],
};
