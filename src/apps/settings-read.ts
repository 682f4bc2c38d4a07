/**
 * Reading the database settings of a site that was installed without Aegir: a constant PHP
 * program (`php -r`) includes the site's settings file, named by the AEGIR_SETTINGS environment
 * variable (never argv), and prints one JSON object with the db driver, name, user, password,
 * host and port, and the site's salt when it has one. Its output holds the password: run it sensitive.
 */
import { z } from 'zod';

/** The settings file of a site of each app kind that can be read, relative to the site directory. */
const SETTINGS_FILES: Readonly<Record<string, string>> = {
  php: 'settings.php',
  mediawiki: 'LocalSettings.php',
};

/** The generic PHP app: the file returns an array with `db` and `hash_salt`. */
const PHP_READER = [
  'ob_start();',
  "$s = require getenv('AEGIR_SETTINGS');",
  'ob_end_clean();',
  "$d = is_array($s) && isset($s['db']) && is_array($s['db']) ? $s['db'] : [];",
  "echo json_encode(['driver' => $d['driver'] ?? null, 'name' => $d['name'] ?? null, 'user' => $d['user'] ?? null, 'password' => $d['password'] ?? null,",
  "  'host' => $d['host'] ?? null, 'port' => $d['port'] ?? null, 'salt' => $s['hash_salt'] ?? null]);",
].join('\n');

/** MediaWiki: LocalSettings.php assigns `$wgDB*` globals; the functions it may call are stubs here. */
const MEDIAWIKI_READER = [
  "define('MEDIAWIKI', true);",
  'function wfLoadSkin($n) {} function wfLoadSkins($n) {} function wfLoadExtension($n) {} function wfLoadExtensions($n) {}',
  "$IP = getenv('AEGIR_PLATFORM');",
  'ob_start();',
  "require getenv('AEGIR_SETTINGS');",
  'ob_end_clean();',
  "$host = isset($wgDBserver) ? (string) $wgDBserver : null; $port = isset($wgDBport) ? (int) $wgDBport : null;",
  "if ($host !== null && preg_match('/^(.*):(\\d+)$/', $host, $m) === 1) { $host = $m[1]; $port = (int) $m[2]; }",
  "echo json_encode(['driver' => $wgDBtype ?? null, 'name' => $wgDBname ?? null, 'user' => $wgDBuser ?? null, 'password' => $wgDBpassword ?? null,",
  "  'host' => $host, 'port' => $port, 'salt' => $wgSecretKey ?? null]);",
].join('\n');

const READERS: Readonly<Record<string, string>> = { php: PHP_READER, mediawiki: MEDIAWIKI_READER };

/** The db implementation a driver name of the settings means (PDO's, MediaWiki's `$wgDBtype`). */
const DRIVERS: Readonly<Record<string, 'mysql' | 'postgres'>> = {
  mysql: 'mysql', mysqli: 'mysql', mariadb: 'mysql', pgsql: 'postgres', postgres: 'postgres', postgresql: 'postgres',
};

/** What a site's settings say about its database. */
export interface ReadSettings {
  /** The db implementation (`mysql`, `postgres`), or the driver as written when it is neither; absent when not given. */
  readonly driver?: string;
  readonly name: string;
  readonly user: string;
  readonly password: string;
  readonly host: string;
  readonly port?: number;
  readonly salt?: string;
}

const readSchema = z.object({
  driver: z.string().nullable().optional(),
  name: z.string().min(1),
  user: z.string().min(1),
  password: z.string(),
  host: z.string().min(1),
  port: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
  salt: z.string().nullable().optional(),
});

/** The settings file of a site of `app` (relative to its site directory), or undefined when none can be read. */
export function readableSettingsFile(app: string): string | undefined {
  return SETTINGS_FILES[app];
}

/** The `php -r` program reading the settings of an `app` site (constant: no data in it). */
export function settingsReaderScript(app: string): string | undefined {
  return READERS[app];
}

/** The reader's output, or undefined when it is not a complete set of db settings. */
export function parseReadSettings(stdout: string): ReadSettings | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.trim());
  } catch {
    return undefined;
  }
  const parsed = readSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { driver, name, user, password, host, port, salt } = parsed.data;
  return {
    ...(driver === null || driver === undefined || driver === '' ? {} : { driver: DRIVERS[driver.toLowerCase()] ?? driver }),
    name, user, password, host,
    ...(port === null || port === undefined ? {} : { port }),
    ...(salt === null || salt === undefined || salt === '' ? {} : { salt }),
  };
}
