/**
 * A generic PHP app: `sites/<uri>/settings.php` returns an array with the site's names, db
 * credentials and paths; the app reads it with
 * `$settings = require __DIR__ . '/sites/' . $_SERVER['SERVER_NAME'] . '/settings.php';`.
 * No switch file, no front controller; a platform that ships `aegir-install.php` is installed
 * by running it once per site.
 */
import { underRoot } from '../code-paths.js';
import { settingsFile, siteDirectories } from '../site-layout.js';
import { STANDARD_LAYOUT } from '../standard-layout.js';
import type { AppKind } from '../types.js';
import { PHP_INSTALL_SCRIPT, phpInstallScriptCommand } from './install-script.js';
import { PHP_READER } from './reader.js';
import { phpSettings, phpSettingsPath } from './settings.js';

export const phpApp: AppKind<'php'> = {
  name: 'php',
  layout: STANDARD_LAYOUT,
  settingsFiles: (input) => [settingsFile(input, phpSettingsPath(input), phpSettings(input))],
  directories: (input) => siteDirectories(input, ['temp']),
  platformFiles: () => [],
  installer: (input) => (input.installScript === true ? phpInstallScriptCommand(input, input.webUser) : undefined),
  updater: () => undefined,
  code: {
    markers: ['index.php'],
    extraPaths: (root) => [underRoot(root, PHP_INSTALL_SCRIPT)],
    read: (root, probed) => ({ installScript: probed(underRoot(root, PHP_INSTALL_SCRIPT)).type === 'file' }),
  },
  web: { frontController: false, deniedDirs: [], deniedExtensions: [] },
  // The front page: a page, a redirect, or a login prompt; never a 403 or 404 (no index, no root).
  liveCheck: { path: '/', statuses: [200, 301, 302, 303, 307, 308, 401] },
  pushExcludes: [...STANDARD_LAYOUT.pushExcludes, '/sites/*/settings.php'],
  settingsReader: PHP_READER,
};
