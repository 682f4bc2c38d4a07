/**
 * The command that makes a one-time administrator login link for a site, where its app kind can
 * make one (`kind.loginLink`: Drupal with drush, `drush user:login`, run as the web user on the
 * first web head). Other apps have no such command; the refusal says so plainly.
 */
import { appKind, type AppLoginCommand, type AppLoginInput } from '../../apps/index.js';
import { AegirError, tlsModeOf, type Platform, type Site } from '../../model/index.js';

export type LoginCommand = AppLoginCommand;

/** The site's own origin: https when it serves https with a certificate, else http. */
export function siteUrl(site: Pick<Site, 'uri' | 'tls' | 'certificate'>): string {
  return `${tlsModeOf(site) !== 'off' && site.certificate !== undefined ? 'https' : 'http'}://${site.uri}`;
}

/** The app kind's login link maker; refused plainly for an app that has none. */
function loginLinkOf(site: Site, platform: Platform): (input: AppLoginInput) => AppLoginCommand {
  const make = appKind(platform.app).loginLink;
  if (make === undefined) {
    throw new AegirError('login_unavailable', `a one-time login link is not available for ${platform.app} sites: ${site.alias} is on ${platform.alias} (${platform.app}); sign in with the app's own login page`);
  }
  return make;
}

/** Refuses at once a site whose app has no login links (before anything is asked of a server). */
export function checkLoginAvailable(site: Site, platform: Platform): void {
  loginLinkOf(site, platform);
}

export function loginCommand(site: Site, platform: Platform, drush: string | undefined, webUser: string): LoginCommand {
  return loginLinkOf(site, platform)({
    platformAlias: platform.alias, platformRoot: platform.root, siteUrl: siteUrl(site), webUser, ...(drush === undefined ? {} : { drush }),
  });
}
