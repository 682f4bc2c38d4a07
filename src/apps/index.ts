/** The public API of app kinds: the registry, the input builder, and the pieces tests and services reuse. */
export { APP_REGISTRY, appKind } from './registry.js';
export { appSiteInput, publicFilesDir, siteUrl, type AppSiteOptions } from './site-input.js';
export {
  DB_DRIVERS,
  type AppAdmin,
  type AppCommand,
  type AppDb,
  type AppDirectory,
  type AppFile,
  type AppInstallInput,
  type AppKind,
  type AppKindWithInstaller,
  type AppLiveCheck,
  type AppKindName,
  type AppSiteInput,
  type AppSiteNames,
  type DbDriver,
} from './types.js';
export { PLATFORM_FILE_MODE, SETTINGS_MODE, SITE_DIR_MODE, WRITABLE_DIR_MODE, tempDir } from './site-layout.js';
export { exactHostPattern, phpLiteral, phpString, type PhpValue } from './php-literal.js';
export { drupalConfigSyncDir, drupalPrivateFilesDir, drupalSettings, drupalSettingsPath } from './drupal-settings.js';
export { sitesPhp, sitesPhpFile } from './drupal-sites-php.js';
export { drupalInstaller } from './drupal.js';
export { MEDIAWIKI_SITE_ENV, MEDIAWIKI_SWITCH } from './mediawiki.js';
export { mediawikiInstallArgs, mediawikiInstaller } from './mediawiki-installer.js';
export { MEDIAWIKI_PG_SCHEMA, mediawikiSettings, mediawikiSettingsPath } from './mediawiki-settings.js';
export { WORDPRESS_SITE_ENV, WORDPRESS_SWITCH } from './wordpress-switch.js';
export { wordpressConfig, wordpressConfigPath, wordpressKey } from './wordpress-config.js';
export { wordpressInstallScript, wordpressInstaller } from './wordpress-installer.js';
export { phpSettings, phpSettingsPath } from './php-app.js';
export { switchFile, switchFileContent, type SwitchFileOptions } from './switch-file.js';
