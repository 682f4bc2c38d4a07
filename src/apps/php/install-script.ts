/**
 * A generic PHP platform may ship `aegir-install.php` at its root: install runs it once per site,
 * as the web user, after the database and the settings are in place, with the site's uri in the
 * `AEGIR_SITE` environment variable and the path of its settings file in `AEGIR_SETTINGS`. It
 * creates the app's tables; exiting non-zero fails the install (everything is undone).
 */
import type { AppCommand, AppSiteInput } from '../types.js';
import { phpSettingsPath } from './settings.js';

/** The install script, relative to the platform root. */
export const PHP_INSTALL_SCRIPT = 'aegir-install.php';

export function phpInstallScriptCommand(input: AppSiteInput, webUser: string): AppCommand {
  return {
    argv: ['php', PHP_INSTALL_SCRIPT],
    env: { AEGIR_SITE: input.uri, AEGIR_SETTINGS: phpSettingsPath(input) },
    cwd: input.platformRoot,
    user: webUser,
    sensitive: false,
    description: `install ${input.uri} (php ${PHP_INSTALL_SCRIPT})`,
  };
}
