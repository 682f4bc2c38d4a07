/**
 * What every vhost refuses, whatever its app kind (each kind's own routing and refusals are its
 * `web` rules, in src/apps/<kind>/), the disabled page, and the heading of Aegir's config files.
 * Patterns are fixed text written here, never built from data.
 */

/** File names never served in any app: settings files of every app kind and Composer files (regex, case-insensitive). */
export const SECRET_FILE_NAMES = String.raw`settings(\.[^/]*)?\.php|localsettings\.php|wp-config\.php|composer\.(json|lock)`;

/** Extensions PHP-FPM could run: refused in uploads directories (regex, case-insensitive). */
export const PHP_EXTENSIONS = String.raw`php[0-9]?|pht|phtml|phar|phps`;

/** The body of the page a disabled site answers with, with HTTP status 503. */
export const SITE_DISABLED_TEXT = 'This site is disabled.';

/** The first line of every file Aegir writes into a web server's config. */
export function header(what: string): string {
  return `# ${what}\n# Written by Aegir: local changes are overwritten.\n`;
}
