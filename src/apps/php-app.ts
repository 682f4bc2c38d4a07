/**
 * A generic PHP app: `sites/<uri>/settings.php` returns an array with the site's names, db
 * credentials and paths; the app reads it with
 * `$settings = require __DIR__ . '/sites/' . $_SERVER['SERVER_NAME'] . '/settings.php';`.
 * No switch file, no installer.
 */
import { phpLiteral } from './php-literal.js';
import { publicFilesDir } from './site-input.js';
import { generatedHeader, settingsFile, siteDirectories, tempDir } from './site-layout.js';
import type { AppKind, AppSiteInput } from './types.js';

/** The settings file path. */
export function phpSettingsPath(input: AppSiteInput): string {
  return `${input.siteDir}/settings.php`;
}

/** The settings file's content. */
export function phpSettings(input: AppSiteInput): string {
  const { db } = input;
  const settings = {
    uri: input.uri,
    aliases: [...input.aliases],
    db: { driver: db.driver, host: db.host, port: db.port, name: db.name, user: db.user, password: db.password },
    paths: {
      root: input.platformRoot,
      site: input.siteDir,
      public: publicFilesDir(input),
      public_url: `/${input.publicFilesPath}`,
      private: input.privateDir,
      temp: tempDir(input),
    },
    hash_salt: input.hashSalt,
  };
  return ['<?php', generatedHeader(`Settings of ${input.uri}`), `return ${phpLiteral(settings)};`, ''].join('\n');
}

export const phpApp: AppKind<'php'> = {
  name: 'php',
  settingsFiles: (input) => [settingsFile(input, phpSettingsPath(input), phpSettings(input))],
  directories: (input) => siteDirectories(input, ['temp']),
  platformFiles: () => [],
  installer: () => undefined,
  // The front page: a page, a redirect, or a login prompt; never a 403 or 404 (no index, no root).
  liveCheck: { path: '/', statuses: [200, 301, 302, 303, 307, 308, 401] },
};
