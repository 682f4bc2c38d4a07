/**
 * What every site task plans from: the site, its platform, the web heads it is served from, its
 * db server, its credentials, and the facts gathered for it. `siteScope` looks them up and refuses
 * what cannot be planned (no credentials, the platform's code missing on a web head).
 */
import { AegirError, type Platform, type Secret, type Server, type Site } from '../model/index.js';
import type { SiteCredentials } from '../model/site.js';
import type { SiteDbFacts } from '../services/db/index.js';
import type { HostAddresses } from '../facts/addresses.js';
import { grantHostsOf } from './db-endpoints.js';
import type { PlatformCodeFacts } from '../facts/platform-code.js';
import type { PlanInput } from './types.js';
import { platformOf, serverByAlias, siteOf, webServersOf } from '../model/navigation.js';

/** The facts of a site task, gathered by the hub before planning. */
export interface SiteTaskFacts {
  /** The site's names and secrets (generated and stored by the hub before the first install). */
  readonly credentials: SiteCredentials;
  /** What exists on the db server for the site now. */
  readonly db: SiteDbFacts;
  /** The resolved addresses of the web heads' and the db server's hosts. */
  readonly addresses: HostAddresses;
  /** The platform's code on each web head, by server alias. */
  readonly code: Readonly<Record<string, PlatformCodeFacts>>;
  /** install only: the first administrator's password (generated, never stored or shown). */
  readonly adminPassword?: Secret;
}

export interface SiteScope {
  readonly site: Site;
  readonly platform: Platform;
  readonly heads: readonly Server[];
  readonly db: Server;
  readonly credentials: SiteCredentials;
  readonly facts: SiteTaskFacts;
  readonly grantHosts: readonly string[];
  /** The platform code facts of the first web head (drupal major, drush, install script). */
  readonly code: PlatformCodeFacts | undefined;
}

export interface ScopeOptions {
  /** Refuse when the platform's code is not in place on every web head (default true). */
  readonly needCode?: boolean;
}

export function siteScope(input: PlanInput<SiteTaskFacts>, options: ScopeOptions = {}): SiteScope {
  const site = siteOf(input.inventory, input.target);
  const platform = platformOf(input.inventory, site.platform);
  const heads = webServersOf(input.inventory, platform);
  const db = serverByAlias(input.inventory, site.db);
  const { facts } = input;
  if (options.needCode !== false) {
    const missing = heads.filter((head) => facts.code[head.alias]?.isApp !== true).map((head) => head.alias);
    const noRoot = missing.filter((alias) => facts.code[alias]?.rootMissing === true);
    if (noRoot.length > 0) {
      throw new AegirError('platform_root_missing',
        `the directory ${platform.root} (the root of ${platform.alias}) does not exist on ${noRoot.join(', ')}: put the code there, or push it from a --source with 'aegir verify ${platform.alias}'`,
        { exitCode: 2 });
    }
    if (missing.length > 0) {
      throw new AegirError(
        'platform_not_in_place',
        `the code of ${platform.alias} (${platform.app} at ${platform.root}) is not on ${missing.join(', ')}: run 'aegir verify ${platform.alias}' first`,
      );
    }
  }
  const first = heads[0];
  return {
    site, platform, heads, db, facts,
    credentials: facts.credentials,
    grantHosts: grantHostsOf(heads, db, facts.addresses),
    code: first === undefined ? undefined : facts.code[first.alias],
  };
}

/** Refuses a task on a site that was never installed (or whose install failed). */
export function requireInstalled(site: Site, verb: string): void {
  if (site.status !== 'enabled' && site.status !== 'disabled') {
    throw new AegirError('site_not_installed', `cannot ${verb} ${site.alias}: it is ${site.status}, not installed (run 'aegir install ${site.alias}')`, { exitCode: 2 });
  }
}
