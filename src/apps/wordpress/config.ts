/**
 * A WordPress site's own `wp-config.php` (`sites/<uri>/wp-config.php`), loaded by the platform's
 * switch `wp-config.php`. MariaDB/MySQL only. The eight keys and salts are derived from the site's
 * hash salt (HMAC-SHA256 per name), so verify rewrites the same file.
 */
import { createHmac } from 'node:crypto';
import { ValidationError } from '../../model/errors.js';
import { phpAssign, phpDefine, phpString } from '../php-literal.js';
import { siteUrl } from '../site-input.js';
import { generatedHeader, tempDir } from '../site-layout.js';
import type { AppSiteInput } from '../types.js';

export const WORDPRESS_KEY_NAMES = [
  'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
  'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT',
] as const;

/** The per-site config file path. */
export function wordpressConfigPath(input: AppSiteInput): string {
  return `${input.siteDir}/wp-config.php`;
}

/** One of WordPress's keys, derived from the site's hash salt. */
export function wordpressKey(hashSalt: string, name: string): string {
  return createHmac('sha256', hashSalt).update(`wordpress:${name}`).digest('base64');
}

/** The config file's content. */
export function wordpressConfig(input: AppSiteInput): string {
  const { db } = input;
  if (db.driver !== 'mysql') throw new ValidationError('db.driver', db.driver, 'is not supported by WordPress (MariaDB or MySQL only)');
  return [
    '<?php',
    generatedHeader(`WordPress config of ${input.uri}`),
    phpDefine('DB_NAME', db.name),
    phpDefine('DB_USER', db.user),
    phpDefine('DB_PASSWORD', db.password),
    phpDefine('DB_HOST', `${db.host}:${db.port}`),
    phpDefine('DB_CHARSET', 'utf8mb4'),
    phpDefine('DB_COLLATE', ''),
    '',
    ...WORDPRESS_KEY_NAMES.map((name) => phpDefine(name, wordpressKey(input.hashSalt, name))),
    '',
    phpAssign('$table_prefix', 'wp_'),
    phpDefine('WP_HOME', siteUrl(input)),
    phpDefine('WP_SITEURL', siteUrl(input)),
    '// Uploads, relative to the platform root.',
    phpDefine('UPLOADS', input.publicFilesPath),
    phpDefine('WP_TEMP_DIR', `${tempDir(input)}/`),
    phpDefine('DISALLOW_FILE_MODS', true),
    phpDefine('DISALLOW_FILE_EDIT', true),
    phpDefine('AUTOMATIC_UPDATER_DISABLED', true),
    '',
    '// Settings kept by hand, never overwritten.',
    `if ( is_file( __DIR__ . '/local.settings.php' ) ) {`,
    `  require __DIR__ . '/local.settings.php';`,
    '}',
    `if ( !defined( 'ABSPATH' ) ) {`,
    `  define( 'ABSPATH', ${phpString(`${input.platformRoot}/`)} );`,
    '}',
    `require_once ABSPATH . 'wp-settings.php';`,
    '',
  ].join('\n');
}
