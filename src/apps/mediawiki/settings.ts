/**
 * A MediaWiki site's own `LocalSettings.php` (`sites/<uri>/LocalSettings.php`), loaded by the
 * platform's switch file. MariaDB/MySQL or PostgreSQL (schema `mediawiki`, as install.php makes it).
 */
import { phpAssign } from '../php-literal.js';
import { publicFilesDir, siteUrl } from '../site-input.js';
import { generatedHeader, tempDir } from '../site-layout.js';
import type { AppSiteInput } from '../types.js';

/** The PostgreSQL schema MediaWiki's tables live in. */
export const MEDIAWIKI_PG_SCHEMA = 'mediawiki';

/** The per-site settings file path. */
export function mediawikiSettingsPath(input: AppSiteInput): string {
  return `${input.siteDir}/LocalSettings.php`;
}

/** The settings file's content. */
export function mediawikiSettings(input: AppSiteInput): string {
  const { db } = input;
  const dbLines = db.driver === 'mysql'
    ? [
      phpAssign('$wgDBtype', 'mysql'),
      phpAssign('$wgDBserver', `${db.host}:${db.port}`),
      phpAssign('$wgDBTableOptions', 'ENGINE=InnoDB, DEFAULT CHARSET=binary'),
    ]
    : [
      phpAssign('$wgDBtype', 'postgres'),
      phpAssign('$wgDBserver', db.host),
      phpAssign('$wgDBport', db.port),
      phpAssign('$wgDBmwschema', MEDIAWIKI_PG_SCHEMA),
    ];
  return [
    '<?php',
    generatedHeader(`MediaWiki settings of ${input.uri}`),
    `if ( !defined( 'MEDIAWIKI' ) ) {`,
    '  exit( 1 );',
    '}',
    '',
    phpAssign('$wgSitename', input.title),
    phpAssign('$wgServer', siteUrl(input)),
    phpAssign('$wgScriptPath', ''),
    '$wgResourceBasePath = $wgScriptPath;',
    phpAssign('$wgLanguageCode', 'en'),
    phpAssign('$wgLocaltimezone', 'UTC'),
    '',
    ...dbLines,
    phpAssign('$wgDBname', db.name),
    phpAssign('$wgDBuser', db.user),
    phpAssign('$wgDBpassword', db.password),
    phpAssign('$wgDBprefix', ''),
    '',
    phpAssign('$wgSecretKey', input.hashSalt),
    '// Caches shared by the sites of one PHP pool are keyed per site.',
    phpAssign('$wgCachePrefix', input.uri),
    phpAssign('$wgCacheDirectory', `${input.privateDir}/cache`),
    phpAssign('$wgTmpDirectory', tempDir(input)),
    phpAssign('$wgUploadDirectory', publicFilesDir(input)),
    phpAssign('$wgUploadPath', `/${input.publicFilesPath}`),
    '',
    `$wgDefaultSkin = 'vector';`,
    `if ( is_file( "$IP/skins/Vector/skin.json" ) ) {`,
    `  wfLoadSkin( 'Vector' );`,
    '}',
    '',
    '// Settings kept by hand, never overwritten.',
    `if ( is_file( __DIR__ . '/local.settings.php' ) ) {`,
    `  require __DIR__ . '/local.settings.php';`,
    '}',
    '',
  ].join('\n');
}

