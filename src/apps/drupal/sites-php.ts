/**
 * Drupal's `sites/sites.php`: maps each alias of a site to the site's directory, so a request for
 * an alias finds `sites/<uri>/settings.php`. Built for a whole platform from all its sites.
 */
import { ConflictError } from '../../model/errors.js';
import { phpAssign, phpString } from '../php-literal.js';
import { generatedHeader, platformFile } from '../site-layout.js';
import type { AppFile, AppSiteNames } from '../types.js';

/** The content of sites.php: one `$sites['alias'] = 'uri';` per alias, sorted by alias. */
export function sitesPhp(entries: readonly AppSiteNames[]): string {
  const owner = new Map<string, string>();
  for (const site of entries) owner.set(site.uri, site.uri);
  const lines: [string, string][] = [];
  for (const site of entries) {
    for (const alias of site.aliases) {
      const taken = owner.get(alias);
      if (taken !== undefined) throw new ConflictError(`${alias} is both an alias of ${site.uri} and a name of ${taken} on this platform`);
      owner.set(alias, site.uri);
      lines.push([alias, site.uri]);
    }
  }
  lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    '<?php',
    generatedHeader('Drupal site aliases of this platform'),
    ...lines.map(([alias, uri]) => phpAssign(`$sites[${phpString(alias)}]`, uri)),
    '',
  ].join('\n');
}

/** The sites.php file of the platform at `platformRoot`. */
export function sitesPhpFile(platformRoot: string, entries: readonly AppSiteNames[]): AppFile {
  return platformFile(`${platformRoot}/sites/sites.php`, sitesPhp(entries));
}
