/**
 * A Drupal site's `sites/<uri>/settings.php`, in the Drupal 7 format (`$databases` with
 * `array()`, `$drupal_hash_salt`, `$conf[...]`) or the Drupal 10/11 one (`$settings[...]`, trusted
 * host patterns for the uri and aliases, config sync under the private directory).
 */
import { ValidationError } from '../../model/errors.js';
import { exactHostPattern, phpAssign, type PhpArrayStyle, type PhpValue } from '../php-literal.js';
import { generatedHeader, tempDir } from '../site-layout.js';
import type { AppSiteInput } from '../types.js';

/** The settings file path. */
export function drupalSettingsPath(input: AppSiteInput): string {
  return `${input.siteDir}/settings.php`;
}

/** Drupal's private files directory: `<private>/files`. */
export function drupalPrivateFilesDir(input: AppSiteInput): string {
  return `${input.privateDir}/files`;
}

/** Drupal 8+'s config sync directory: `<private>/config/sync`. */
export function drupalConfigSyncDir(input: AppSiteInput): string {
  return `${input.privateDir}/config/sync`;
}

/** The settings file's content for the platform's Drupal major version. */
export function drupalSettings(input: AppSiteInput): string {
  const major = input.drupalMajor;
  if (major === undefined) throw new ValidationError('drupalMajor', major, 'is required for a Drupal platform (7, 10 or 11)');
  const body = major === 7 ? drupal7Lines(input) : drupalModernLines(input);
  return [
    '<?php',
    generatedHeader(`Drupal ${major} settings of ${input.uri}`),
    '',
    ...body,
    '',
    '// Settings kept by hand, never overwritten.',
    `if ( is_file( __DIR__ . '/local.settings.php' ) ) {`,
    `  include __DIR__ . '/local.settings.php';`,
    '}',
    '',
  ].join('\n');
}

function databaseEntry(input: AppSiteInput, modern: boolean): Record<string, PhpValue> {
  const { db } = input;
  const entry: Record<string, PhpValue> = {
    driver: db.driver,
    database: db.name,
    username: db.user,
    password: db.password,
    host: db.host,
    port: db.port,
    prefix: '',
  };
  if (db.driver === 'mysql') entry.collation = 'utf8mb4_general_ci';
  if (modern) {
    entry.namespace = `Drupal\\${db.driver}\\Driver\\Database\\${db.driver}`;
    entry.autoload = `core/modules/${db.driver}/src/Driver/Database/${db.driver}/`;
  }
  return entry;
}

function databasesLine(input: AppSiteInput, style: PhpArrayStyle, modern: boolean): string {
  return phpAssign(`$databases['default']['default']`, databaseEntry(input, modern), style);
}

function drupal7Lines(input: AppSiteInput): string[] {
  return [
    databasesLine(input, 'long', false),
    '',
    phpAssign('$drupal_hash_salt', input.hashSalt),
    phpAssign(`$conf['file_public_path']`, input.publicFilesPath),
    phpAssign(`$conf['file_private_path']`, drupalPrivateFilesDir(input)),
    phpAssign(`$conf['file_temporary_path']`, tempDir(input)),
  ];
}

function drupalModernLines(input: AppSiteInput): string[] {
  const hosts = [input.uri, ...input.aliases].map(exactHostPattern);
  return [
    databasesLine(input, 'short', true),
    '',
    phpAssign(`$settings['hash_salt']`, input.hashSalt),
    phpAssign(`$settings['file_public_path']`, input.publicFilesPath),
    phpAssign(`$settings['file_private_path']`, drupalPrivateFilesDir(input)),
    phpAssign(`$settings['file_temp_path']`, tempDir(input)),
    phpAssign(`$settings['config_sync_directory']`, drupalConfigSyncDir(input)),
    phpAssign(`$settings['trusted_host_patterns']`, hosts),
    phpAssign(`$settings['update_free_access']`, false),
    phpAssign(`$settings['skip_permissions_hardening']`, true),
  ];
}
