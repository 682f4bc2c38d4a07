/**
 * Drupal (7, 10, 11): `sites/<uri>/settings.php`, aliases in the platform's `sites/sites.php`,
 * public files at `sites/<uri>/files` (or the site's own path), private files, temp and config
 * sync under the private directory. Installs with `drush site:install` when the platform has
 * drush; otherwise the site is left to Drupal's web installer.
 */
import { drupalConfigSyncDir, drupalPrivateFilesDir, drupalSettings, drupalSettingsPath } from './drupal-settings.js';
import { sitesPhpFile } from './drupal-sites-php.js';
import { settingsFile, siteDirectories, writableDir } from './site-layout.js';
import type { AppCommand, AppInstallInput, AppKind } from './types.js';

/**
 * `drush site:install` for the site, reading the database from the settings file already written
 * (no --db-url, so no db password in argv). The admin password is not passed either: drush
 * generates one; the operator gets in with a one-time login link (`drush user:login`).
 */
export function drupalInstaller(input: AppInstallInput): AppCommand | undefined {
  if (input.drush === undefined) return undefined;
  return {
    argv: [
      input.drush,
      `--root=${input.platformRoot}`,
      `--uri=${input.uri}`,
      'site:install',
      input.profile ?? 'standard',
      '--yes',
      `--sites-subdir=${input.uri}`,
      `--site-name=${input.title}`,
      `--account-name=${input.admin.name}`,
      `--account-mail=${input.admin.email}`,
      `--site-mail=${input.admin.email}`,
    ],
    cwd: input.platformRoot,
    user: input.webUser,
    sensitive: false,
    description: `install Drupal for ${input.uri} (drush site:install ${input.profile ?? 'standard'})`,
  };
}

export const drupalApp: AppKind<'drupal'> = {
  name: 'drupal',
  settingsFiles: (input) => [settingsFile(input, drupalSettingsPath(input), drupalSettings(input))],
  directories: (input) => [
    ...siteDirectories(input, ['temp']),
    writableDir(input, drupalPrivateFilesDir(input)),
    ...(input.drupalMajor === 7 ? [] : [writableDir(input, `${input.privateDir}/config`), writableDir(input, drupalConfigSyncDir(input))]),
  ],
  platformFiles: (platformRoot, sites) => [sitesPhpFile(platformRoot, sites)],
  installer: (input) => drupalInstaller(input),
  // The front page; a site not installed yet redirects to core/install.php.
  liveCheck: { path: '/', statuses: [200, 301, 302, 303, 307, 308] },
};
