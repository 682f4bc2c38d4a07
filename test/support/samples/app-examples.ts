/**
 * Example sites for each app kind and database driver, with hostile secrets (quotes,
 * backslashes, `$`, `?>`, newlines): the golden files and the PHP checks are built from these.
 */
import { appSiteInput } from '../../../src/apps/site-input.js';
import type { AppInstallInput, AppSiteInput, DbDriver } from '../../../src/apps/types.js';

/** A password that breaks any PHP string not escaped exactly right. */
export const HOSTILE_SECRET = `p'a"s\\s$w{o}rd\\'?>\n<?php echo 1; \\\\'end`;

/** An example site; `drupalMajor` only for Drupal platforms. */
export function exampleSite(options: { driver?: DbDriver; drupalMajor?: 7 | 10 | 11; title?: string } = {}): AppSiteInput {
  const driver = options.driver ?? 'mysql';
  return appSiteInput({
    uri: 'www.example.com',
    aliases: ['example.com', 'old-example.org'],
    title: options.title ?? `Example's "site" \\ $wiki`,
    platformRoot: '/var/aegir/platforms/app1',
    db: {
      driver,
      host: driver === 'mysql' ? 'db1.example.net' : 'pg1.example.net',
      port: driver === 'mysql' ? 3306 : 5432,
      name: 'wwwexamplecom',
      user: 'wwwexamplecom',
      password: HOSTILE_SECRET,
    },
    hashSalt: `salt'\\$ALT-0123456789abcdef`,
    webGroup: 'www-data',
    ...(options.drupalMajor === undefined ? {} : { drupalMajor: options.drupalMajor }),
  });
}

/** The example site with what an installer needs. */
export function exampleInstall(site: AppSiteInput, extra: Partial<AppInstallInput> = {}): AppInstallInput {
  return {
    ...site,
    webUser: 'www-data',
    admin: { name: 'Admin', email: 'admin@example.com', password: `admin'\\"$pw` },
    ...extra,
  };
}
