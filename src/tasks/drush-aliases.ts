/**
 * Drush site alias files for the Drupal sites Aegir hosts: one `<name>.site.yml` per site, where
 * the name is the uri with dots as underscores (Drush reads a dot as the start of an environment
 * name), holding one environment `aegir` with the platform root, the site's URL, and the first web
 * head's host and ssh user (left out for the hub itself: Drush runs such sites locally). Pure.
 */
import { isHubServer, type Inventory, type Site } from '../model/index.js';
import { platformOf, webServersOf } from '../model/navigation.js';

export interface DrushAliasFile {
  /** `<name>.site.yml` */
  readonly fileName: string;
  readonly content: string;
}

/** The environment name inside each file: `drush @wiki_example_com status` picks it as the only one. */
export const DRUSH_ALIAS_ENVIRONMENT = 'aegir';

/** The alias name of a site: `wiki.example.com` -> `wiki_example_com`. */
export function drushAliasName(uri: string): string {
  return uri.replace(/\./g, '_');
}

export function drushAliasFiles(inventory: Inventory): DrushAliasFile[] {
  return inventory.sites
    .filter((site) => site.status !== 'deleted' && platformOf(inventory, site.platform).app === 'drupal')
    .map((site) => ({ fileName: `${drushAliasName(site.uri)}.site.yml`, content: aliasYaml(inventory, site) }));
}

function aliasYaml(inventory: Inventory, site: Site): string {
  const platform = platformOf(inventory, site.platform);
  const head = webServersOf(inventory, platform)[0];
  const fields: [string, string][] = [['root', platform.root], ['uri', `http://${site.uri}`]];
  if (head !== undefined && !isHubServer(head)) fields.push(['host', head.host], ['user', head.sshUser]);
  return [
    `# Drush site alias of ${site.uri}, written by Aegir: changes here are overwritten by the next export.`,
    `${DRUSH_ALIAS_ENVIRONMENT}:`,
    ...fields.map(([key, value]) => `  ${key}: ${yamlString(value)}`),
    '',
  ].join('\n');
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
function yamlString(value: string): string {
  return JSON.stringify(value);
}
