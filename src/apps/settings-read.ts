/**
 * Reading the database settings of a site that was installed without Aegir: a constant PHP
 * program (`php -r`) includes the site's settings file, named by the AEGIR_SETTINGS environment
 * variable (never argv), and prints one JSON object with the db driver, name, user, password,
 * host and port, and the site's salt when it has one. Its output holds the password: run it sensitive.
 * Which file and which program is each app kind's (`kind.settingsReader`); the parsing is shared.
 */
import { z } from 'zod';
import { APP_REGISTRY } from './registry.js';
import type { AppRegistry, AppSettingsReader } from './types.js';

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

function readerOf(app: string, apps: AppRegistry): AppSettingsReader | undefined {
  return Object.hasOwn(apps, app) ? apps[app]?.settingsReader : undefined;
}

/** The settings file of a site of `app` (relative to its site directory), or undefined when none can be read. */
export function readableSettingsFile(app: string, apps: AppRegistry = APP_REGISTRY): string | undefined {
  return readerOf(app, apps)?.file;
}

/** The `php -r` program reading the settings of an `app` site (constant: no data in it). */
export function settingsReaderScript(app: string, apps: AppRegistry = APP_REGISTRY): string | undefined {
  return readerOf(app, apps)?.script;
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
