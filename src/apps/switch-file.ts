/**
 * A platform-level switch file for apps that read one fixed settings file (MediaWiki's
 * `LocalSettings.php`, WordPress's `wp-config.php`): it loads `sites/<name>/<file>` where the name
 * is the environment variable `envVar` on the command line, else `$_SERVER['SERVER_NAME']` (the
 * vhost's first server_name, never the client's Host header). A name that is not a plain host name
 * or has no settings file is refused: 404 on the web, exit 1 on the command line.
 */
import { generatedHeader, platformFile } from './site-layout.js';
import { phpString } from './php-literal.js';
import type { AppFile } from './types.js';

export interface SwitchFileOptions {
  /** The app's name for messages, e.g. `MediaWiki`. */
  readonly app: string;
  /** The settings file name, both at the platform root and in each site directory. */
  readonly fileName: string;
  /** The environment variable naming the site on the command line, e.g. `MW_SITE`. */
  readonly envVar: string;
  /** PHP lines placed first (e.g. an entry-point guard). */
  readonly preamble?: readonly string[];
}

/** Matches what model/ accepts as a site uri: lowercase DNS labels separated by dots. */
const HOST_PATTERN = '/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/';

/** The switch file's content. */
export function switchFileContent(options: SwitchFileOptions): string {
  const settings = `'/sites/' . $aegirSite . '/' . ${phpString(options.fileName)}`;
  return [
    '<?php',
    generatedHeader(`${options.app} site switch: loads sites/<site>/${options.fileName}`),
    `// The site is $_SERVER['SERVER_NAME'], or the ${options.envVar} environment variable on the command line.`,
    ...(options.preamble ?? []),
    `$aegirSite = PHP_SAPI === 'cli' ? getenv( ${phpString(options.envVar)} ) : false;`,
    `if ( !is_string( $aegirSite ) || $aegirSite === '' ) {`,
    `  $aegirSite = isset( $_SERVER['SERVER_NAME'] ) && is_string( $_SERVER['SERVER_NAME'] ) ? strtolower( $_SERVER['SERVER_NAME'] ) : '';`,
    '}',
    `if ( preg_match( ${phpString(HOST_PATTERN)}, $aegirSite ) !== 1 || !is_file( __DIR__ . ${settings} ) ) {`,
    `  if ( PHP_SAPI === 'cli' ) {`,
    `    file_put_contents( 'php://stderr', ${phpString(`No ${options.app} site here is named `)} . var_export( $aegirSite, true ) . ${phpString(` (set ${options.envVar}).`)} . PHP_EOL );`,
    '    exit( 1 );',
    '  }',
    '  http_response_code( 404 );',
    `  header( 'Content-Type: text/plain; charset=utf-8' );`,
    `  echo "This site is not hosted here.\\n";`,
    '  exit;',
    '}',
    `require __DIR__ . ${settings};`,
    'unset( $aegirSite );',
    '',
  ].join('\n');
}

/** The switch file at the platform root. */
export function switchFile(platformRoot: string, options: SwitchFileOptions): AppFile {
  return platformFile(`${platformRoot}/${options.fileName}`, switchFileContent(options));
}
