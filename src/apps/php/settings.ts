/**
 * A generic PHP site's `sites/<uri>/settings.php`: it returns an array with the site's names, db
 * credentials and paths.
 */
import { phpLiteral } from '../php-literal.js';
import { publicFilesDir } from '../site-input.js';
import { generatedHeader, tempDir } from '../site-layout.js';
import type { AppSiteInput } from '../types.js';

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
