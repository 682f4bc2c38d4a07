/**
 * MediaWiki: one codebase, one `LocalSettings.php` per site under `sites/<uri>/`, picked by the
 * platform's switch `LocalSettings.php` (by server name, or MW_SITE on the command line, e.g.
 * `MW_SITE=wiki.example.com php maintenance/update.php`). Installs with maintenance/install.php.
 */
import { mediawikiInstaller } from './mediawiki-installer.js';
import { mediawikiSettings, mediawikiSettingsPath } from './mediawiki-settings.js';
import { settingsFile, siteDirectories } from './site-layout.js';
import { switchFile, type SwitchFileOptions } from './switch-file.js';
import type { AppKindWithInstaller } from './types.js';

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
  settingsFiles: (input) => [settingsFile(input, mediawikiSettingsPath(input), mediawikiSettings(input))],
  directories: (input) => siteDirectories(input, ['cache', 'temp']),
  platformFiles: (platformRoot) => [switchFile(platformRoot, MEDIAWIKI_SWITCH)],
  installer: (input) => mediawikiInstaller(input),
  // The front page (the Main Page, or a redirect to it).
  liveCheck: { path: '/', statuses: [200, 301, 302] },
};
