/** The public API of app kinds: the registry, the input builder, the shared layout and code probe, and the types. */
export { APP_REGISTRY, appKind, appKindIn } from './registry.js';
export { appSiteInput, publicFilesDir, siteUrl, type AppSiteOptions } from './site-input.js';
export {
  DB_DRIVERS,
  type AppAdmin,
  type AppCodeProbe,
  type AppCommand,
  type AppDb,
  type AppDirectory,
  type AppFile,
  type AppInstallInput,
  type AppKind,
  type AppKindWithInstaller,
  type AppLiveCheck,
  type AppLoginCommand,
  type AppLoginInput,
  type AppKindName,
  type AppRegistry,
  type AppSettingsReader,
  type AppSiteInput,
  type AppSiteNames,
  type AppUpdateInput,
  type AppWebRules,
  type DbDriver,
  type SiteDirs,
  type SiteLayout,
} from './types.js';
export { PLATFORM_FILE_MODE, SETTINGS_MODE, SITE_DIR_MODE, WRITABLE_DIR_MODE, settingsFile, siteDirectories, tempDir, writableDir } from './site-layout.js';
export { STANDARD_LAYOUT } from './standard-layout.js';
export { platformProbePaths, readPlatformFacts } from './code-probe.js';
export { parseReadSettings, readableSettingsFile, settingsReaderScript, type ReadSettings } from './settings-read.js';
export { exactHostPattern, phpLiteral, phpString, type PhpValue } from './php-literal.js';
export { switchFile, switchFileContent, type SwitchFileOptions } from './switch-file.js';
export { drupalConfigSyncDir, drupalPrivateFilesDir } from './drupal/settings.js';
