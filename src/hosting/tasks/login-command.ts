/**
 * The command that makes a one-time administrator login link for a site, where its app can make
 * one: Drupal with drush (`drush user:login`, run as the web user on the first web head). Other
 * apps have no such command; the refusal says so plainly.
 */
import { AegirError, tlsModeOf, type Platform, type Site } from '../../model/index.js';

export interface LoginCommand {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly user: string;
}

/** The site's own origin: https when it serves https with a certificate, else http. */
export function siteUrl(site: Pick<Site, 'uri' | 'tls' | 'certificate'>): string {
  return `${tlsModeOf(site) !== 'off' && site.certificate !== undefined ? 'https' : 'http'}://${site.uri}`;
}

export function loginCommand(site: Site, platform: Platform, drush: string | undefined, webUser: string): LoginCommand {
  if (platform.app !== 'drupal') {
    throw new AegirError('login_unavailable', `a one-time login link is not available for ${platform.app} sites: ${site.alias} is on ${platform.alias} (${platform.app}); sign in with the app's own login page`);
  }
  if (drush === undefined) {
    throw new AegirError('login_unavailable', `a one-time login link needs drush, and ${platform.alias} has none (vendor/bin/drush): sign in with Drupal's login page`);
  }
  return {
    argv: [drush, `--root=${platform.root}`, `--uri=${siteUrl(site)}`, 'user:login', '--no-browser'],
    cwd: platform.root,
    user: webUser,
  };
}
