/**
 * MediaWiki's command line installer, `maintenance/install.php`, run as the web user with the
 * site's own db account. It creates the tables, the admin and the Main Page. Its own generated
 * LocalSettings.php goes to a scratch path under the private directory (MW_CONFIG_FILE must not
 * exist, or install.php refuses) and is removed when it exits: the site runs on Aegir's settings.
 * Both passwords reach install.php through stdin, never argv.
 */
import { MEDIAWIKI_PG_SCHEMA } from './settings.js';
import { phpString } from '../php-literal.js';
import { phpScriptRun } from '../php-script-runner.js';
import { siteUrl } from '../site-input.js';
import { tempDir } from '../site-layout.js';
import type { AppCommand, AppInstallInput } from '../types.js';

/** The options install.php receives on argv (no secrets), in order, then `<name> <admin>`. */
export function mediawikiInstallArgs(input: AppInstallInput): string[] {
  const { db } = input;
  const dbArgs = db.driver === 'mysql'
    ? ['--dbtype=mysql', `--dbserver=${db.host}:${db.port}`]
    : ['--dbtype=postgres', `--dbserver=${db.host}`, `--dbport=${db.port}`, `--dbschema=${MEDIAWIKI_PG_SCHEMA}`];
  return [
    `--confpath=${tempDir(input)}`,
    `--server=${siteUrl(input)}`,
    '--scriptpath=',
    '--lang=en',
    ...dbArgs,
    `--dbname=${db.name}`,
    `--dbuser=${db.user}`,
    '--',
    input.title,
    input.admin.name,
  ];
}

/** The install command. */
export function mediawikiInstaller(input: AppInstallInput): AppCommand {
  const scratch = `${tempDir(input)}/LocalSettings.php`;
  const remove = `if ( is_file( ${phpString(scratch)} ) ) { unlink( ${phpString(scratch)} ); }`;
  const run = phpScriptRun({
    php: input.phpBinary ?? 'php',
    script: `${input.platformRoot}/maintenance/install.php`,
    publicArgs: mediawikiInstallArgs(input),
    secretArgs: [`--dbpass=${input.db.password}`, `--pass=${input.admin.password}`],
    prelude: [
      '// install.php writes its own LocalSettings.php here; the site uses the one Aegir wrote.',
      remove,
      `register_shutdown_function( static function () { ${remove} } );`,
    ],
  });
  return {
    argv: run.argv,
    stdin: run.stdin,
    env: { MW_CONFIG_FILE: scratch, MW_INSTALL_PATH: input.platformRoot },
    cwd: input.platformRoot,
    user: input.webUser,
    sensitive: true,
    description: `install MediaWiki for ${input.uri} (maintenance/install.php)`,
  };
}
