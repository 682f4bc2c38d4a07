/**
 * How each app kind is routed and what of its codebase is never served. Shared by the nginx
 * and Apache vhosts; patterns are fixed text written here, never built from data.
 */
import type { AppKind } from '../../model/platform.js';

export interface AppRules {
  /**
   * Where a request for a path that is no file or directory goes: `index.php` with the
   * query string (a front controller), or nowhere (404, and `index.php` only as directory index).
   */
  readonly frontController: boolean;
  /** Top-level directories of the codebase that are never served (regex alternatives). */
  readonly deniedDirs: readonly string[];
  /** File name endings that are never served (regex alternatives, case-insensitive). */
  readonly deniedExtensions: readonly string[];
}

export const APP_RULES: Readonly<Record<AppKind, AppRules>> = {
  drupal: {
    frontController: true,
    deniedDirs: [],
    deniedExtensions: ['engine', 'inc', 'install', 'make', 'module', 'profile', 'po', 'sh', 'sql', 'theme', 'twig', 'tpl', 'xtmpl', 'ya?ml'],
  },
  wordpress: { frontController: true, deniedDirs: [], deniedExtensions: [] },
  mediawiki: {
    frontController: false,
    deniedDirs: ['cache', 'includes', 'languages', 'maintenance', 'mw-config', 'serialized', 'tests', 'vendor'],
    deniedExtensions: [],
  },
  php: { frontController: false, deniedDirs: [], deniedExtensions: [] },
};

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
