/**
 * How Drupal code is recognised and read: `core/lib/Drupal.php` (8 and later) or
 * `includes/bootstrap.inc` (7), the major version from either (the settings format), and the
 * platform's drush (its own vendor/bin, or the project's when the root is `web/`).
 */
import { parentOf, probedText, underRoot } from '../code-paths.js';
import type { AppCodeProbe } from '../types.js';

const DRUPAL_PHP = 'core/lib/Drupal.php';
const BOOTSTRAP_INC = 'includes/bootstrap.inc';

/** Where drush may be: the platform's own vendor/bin, or the project's (the root is `web/`). */
function drushCandidates(root: string): string[] {
  return [underRoot(root, 'vendor/bin/drush'), underRoot(parentOf(root), 'vendor/bin/drush')];
}

/** 7 from `define('VERSION', '7.x')` in bootstrap.inc; 10 or 11 from `const VERSION = '...'` in Drupal.php. */
export function drupalMajorOf(drupalPhp: string | undefined, bootstrapInc: string | undefined): 7 | 10 | 11 | undefined {
  if (drupalPhp !== undefined) {
    const major = Number(/const\s+VERSION\s*=\s*'(\d+)\./.exec(drupalPhp)?.[1] ?? Number.NaN);
    if (Number.isNaN(major)) return 10;
    return major >= 11 ? 11 : 10;
  }
  if (bootstrapInc !== undefined && /define\(\s*'VERSION'\s*,\s*'7\./.test(bootstrapInc)) return 7;
  return undefined;
}

export const DRUPAL_CODE: AppCodeProbe = {
  markers: [DRUPAL_PHP, BOOTSTRAP_INC],
  extraPaths: drushCandidates,
  read: (root, probed) => {
    const major = drupalMajorOf(probedText(probed(underRoot(root, DRUPAL_PHP))), probedText(probed(underRoot(root, BOOTSTRAP_INC))));
    const drush = drushCandidates(root).find((path) => ['file', 'other'].includes(probed(path).type));
    return { ...(major === undefined ? {} : { drupalMajor: major }), ...(drush === undefined ? {} : { drush }) };
  },
};
