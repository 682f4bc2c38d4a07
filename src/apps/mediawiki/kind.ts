/**
 * MediaWiki: one codebase, one `LocalSettings.php` per site under `sites/<uri>/`, picked by the
 * platform's switch `LocalSettings.php` (by server name, or MW_SITE on the command line, e.g.
 * `MW_SITE=wiki.example.com php maintenance/update.php`). Installs with maintenance/install.php,
 * updates with maintenance/update.php. No front controller; its code directories are never served.
 */
import { settingsFile, siteDirectories } from '../site-layout.js';
import { STANDARD_LAYOUT } from '../standard-layout.js';
import { switchFile, type SwitchFileOptions } from '../switch-file.js';
import type { AppKindWithInstaller } from '../types.js';
import { mediawikiInstaller } from './installer.js';
import { MEDIAWIKI_READER } from './reader.js';
import { mediawikiSettings, mediawikiSettingsPath } from './settings.js';

/** The environment variable that names the site for maintenance scripts. */
export const MEDIAWIKI_SITE_ENV = 'MW_SITE';

export const MEDIAWIKI_SWITCH: SwitchFileOptions = {
  app: 'MediaWiki',
  fileName: 'LocalSettings.php',
  envVar: MEDIAWIKI_SITE_ENV,
  preamble: [`if ( !defined( 'MEDIAWIKI' ) ) {`, '  exit( 1 );', '}'],
};

export const mediawikiApp: AppKindWithInstaller<'mediawiki'> = {
  name: 'mediawiki',
  layout: STANDARD_LAYOUT,
  settingsFiles: (input) => [settingsFile(input, mediawikiSettingsPath(input), mediawikiSettings(input))],
  directories: (input) => siteDirectories(input, ['cache', 'temp']),
  platformFiles: (platformRoot) => [switchFile(platformRoot, MEDIAWIKI_SWITCH)],
  installer: (input) => mediawikiInstaller(input),
  updater: (input) => ({
    argv: ['php', 'maintenance/update.php', '--quick'], cwd: input.platformRoot, user: input.webUser,
    env: { [MEDIAWIKI_SITE_ENV]: input.uri }, sensitive: false,
    description: `update the database of ${input.uri} (MediaWiki update.php)`,
  }),
  code: { markers: ['includes/DefaultSettings.php'], extraPaths: () => [], read: () => ({}) },
  web: {
    frontController: false,
    deniedDirs: ['cache', 'includes', 'languages', 'maintenance', 'mw-config', 'serialized', 'tests', 'vendor'],
    deniedExtensions: [],
  },
  // The front page (the Main Page, or a redirect to it).
  liveCheck: { path: '/', statuses: [200, 301, 302] },
  pushExcludes: [...STANDARD_LAYOUT.pushExcludes, '/sites/*/LocalSettings.php', '/LocalSettings.php'],
  settingsReader: MEDIAWIKI_READER,
};
