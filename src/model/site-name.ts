import { accept, refuse, type Check } from './check.js';
import { checkDnsName } from './dns-name.js';

/**
 * Last labels that are file name extensions, not top-level domains: a site named `sites.php` or
 * `services.yml` would have its directory where the platform keeps a file (Drupal's sites.php).
 */
const FILE_EXTENSIONS = new Set(['php', 'phtml', 'inc', 'module', 'yml', 'yaml', 'txt', 'ini', 'json', 'sql', 'html', 'htm', 'twig', 'lock', 'dist', 'bak', 'orig', 'swp', 'tmp']);

/**
 * A site's uri or one of its aliases: a DNS name (see `checkDnsName`) of at least two labels, so
 * that it never names one of the directories every platform has under `sites/` (`default`, `all`)
 * or the hub itself (`localhost`), and whose last label is not a file name extension.
 */
export function checkSiteName(value: unknown): Check<string> {
  const name = checkDnsName(value);
  if (!name.ok) return name;
  const labels = name.value.split('.');
  if (labels.length < 2) {
    return refuse(`is not a site name: a site is named by a domain of at least two labels, e.g. ${name.value}.example.com (single names such as default, all or localhost are directories and hosts of every platform)`);
  }
  const last = labels[labels.length - 1] ?? '';
  if (FILE_EXTENSIONS.has(last)) return refuse(`is not a site name: .${last} is a file name extension, not a domain (its directory would be a file of the platform)`);
  return accept(name.value);
}

/** Longest site uri: it names files on every web head (`.<uri>.conf.aegir-<random>` must fit in 255 bytes). */
export const MAX_SITE_URI_LENGTH = 200;

/** A site's uri: a site name (see `checkSiteName`) of at most 200 characters. */
export function checkSiteUri(value: unknown): Check<string> {
  const name = checkSiteName(value);
  if (!name.ok || name.value.length <= MAX_SITE_URI_LENGTH) return name;
  return refuse(`is not a site uri: it is ${name.value.length} characters long, and a uri names files on every web head (at most ${MAX_SITE_URI_LENGTH})`);
}
