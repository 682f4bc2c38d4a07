/**
 * WordPress's installer from PHP: a script on stdin defines WP_INSTALLING, loads the site through
 * the platform's wp-load.php (the switch picks the site by WP_SITE) and calls `wp_install()`.
 * The admin password is in the script (stdin), never in argv. Exits 0 when the site is installed
 * (also when it already was), 1 otherwise, even when WordPress stops early with wp_die().
 */
import { phpString } from '../php-literal.js';
import type { AppCommand, AppInstallInput } from '../types.js';
import { WORDPRESS_SITE_ENV } from './switch.js';

/** The PHP script given on stdin. */
export function wordpressInstallScript(input: AppInstallInput): string {
  const failed = `WordPress was not installed for ${input.uri}.`;
  return [
    '<?php',
    `// Installs WordPress for ${input.uri}.`,
    `define( 'WP_INSTALLING', true );`,
    '$aegirInstalled = false;',
    'register_shutdown_function( static function () use ( &$aegirInstalled ) {',
    '  if ( !$aegirInstalled ) {',
    `    file_put_contents( 'php://stderr', ${phpString(failed)} . PHP_EOL );`,
    '    exit( 1 );',
    '  }',
    '} );',
    `$_SERVER['HTTP_HOST'] = ${phpString(input.uri)};`,
    `$_SERVER['SERVER_NAME'] = ${phpString(input.uri)};`,
    `$_SERVER['REQUEST_URI'] = '/';`,
    '// No mail from the command line: the operator knows the site was installed.',
    'function wp_new_blog_notification( $blog_title, $blog_url, $user_id, $password ) {',
    '}',
    `require ${phpString(`${input.platformRoot}/wp-load.php`)};`,
    `require_once ABSPATH . 'wp-admin/includes/upgrade.php';`,
    'if ( is_blog_installed() ) {',
    '  $aegirInstalled = true;',
    `  echo ${phpString(`WordPress is already installed for ${input.uri}.`)} . PHP_EOL;`,
    '  exit( 0 );',
    '}',
    `$aegirResult = wp_install( ${[input.title, input.admin.name, input.admin.email].map(phpString).join(', ')}, true, '', wp_slash( ${phpString(input.admin.password)} ) );`,
    `if ( !is_array( $aegirResult ) || empty( $aegirResult['user_id'] ) || is_wp_error( $aegirResult['user_id'] ) ) {`,
    '  exit( 1 );',
    '}',
    '$aegirInstalled = true;',
    `echo ${phpString(`WordPress installed for ${input.uri}.`)} . PHP_EOL;`,
    '',
  ].join('\n');
}

/** The install command. */
export function wordpressInstaller(input: AppInstallInput): AppCommand {
  return {
    argv: [input.phpBinary ?? 'php'],
    stdin: wordpressInstallScript(input),
    env: { [WORDPRESS_SITE_ENV]: input.uri },
    cwd: input.platformRoot,
    user: input.webUser,
    sensitive: true,
    description: `install WordPress for ${input.uri} (wp_install)`,
  };
}
