/**
 * A generic PHP platform may ship `aegir-install.php` at its root: install runs it once per site,
 * as the web user, after the database and the settings are in place, with the site's uri in the
 * `AEGIR_SITE` environment variable and the path of its settings file in `AEGIR_SETTINGS`. It
 * creates the app's tables; exiting non-zero fails the install (everything is undone).
 */
import { phpSettingsPath, type AppCommand, type AppSiteInput } from '../apps/index.js';
import { PHP_INSTALL_SCRIPT } from '../facts/platform-code.js';

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
