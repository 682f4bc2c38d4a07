/**
 * Drupal's commands, all through the platform's drush: `site:install` for a new site, `updatedb`
 * after a move to another platform, `user:login` for a one-time admin login link. Without drush
 * there is none (the site is left to Drupal's web installer and update.php).
 */
import { AegirError } from '../../model/errors.js';
import type { AppCommand, AppInstallInput, AppLoginCommand, AppLoginInput, AppUpdateInput } from '../types.js';

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

/** `drush updatedb` for the site, when the platform has drush. */
export function drupalUpdater(input: AppUpdateInput): AppCommand | undefined {
  const drush = input.code?.drush;
  if (drush === undefined) return undefined;
  return {
    argv: [drush, `--root=${input.platformRoot}`, `--uri=${input.uri}`, 'updatedb', '-y'],
    cwd: input.platformRoot,
    user: input.webUser,
    sensitive: false,
    description: `update the database of ${input.uri} (drush updatedb)`,
  };
}

/** `drush user:login` for the site's own origin; refused plainly without drush. */
export function drupalLoginLink(input: AppLoginInput): AppLoginCommand {
  if (input.drush === undefined) {
    throw new AegirError('login_unavailable', `a one-time login link needs drush, and ${input.platformAlias} has none (vendor/bin/drush): sign in with Drupal's login page`);
  }
  return {
    argv: [input.drush, `--root=${input.platformRoot}`, `--uri=${input.siteUrl}`, 'user:login', '--no-browser'],
    cwd: input.platformRoot,
    user: input.webUser,
  };
}
