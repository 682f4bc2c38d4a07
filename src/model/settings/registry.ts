import type { z } from 'zod';
import type { ServiceId, ServiceImpl, ServiceType } from '../service.js';
import { dbMysqlSettings } from './db-mysql.js';
import { dbNullSettings } from './db-null.js';
import { dbPostgresSettings } from './db-postgres.js';
import { filesLocalSettings } from './files-local.js';
import { filesRsyncSettings } from './files-rsync.js';
import { httpApacheSettings } from './http-apache.js';
import { httpNginxSettings } from './http-nginx.js';
import { httpNullSettings } from './http-null.js';

/**
 * The settings schema of every service implementation, by dotted id. One explicit table:
 * adding an implementation means adding its file and one line here (the `satisfies` clause
 * fails to compile until every id in SERVICE_IMPLEMENTATIONS has a schema).
 */
export const SETTINGS_SCHEMAS = {
  'http.nginx': httpNginxSettings,
  'http.apache': httpApacheSettings,
  'http.null': httpNullSettings,
  'db.mysql': dbMysqlSettings,
  'db.postgres': dbPostgresSettings,
  'db.null': dbNullSettings,
  'files.local': filesLocalSettings,
  'files.rsync': filesRsyncSettings,
} as const satisfies Record<ServiceId, z.ZodObject>;

export type SettingsSchemas = typeof SETTINGS_SCHEMAS;

/** The validated settings of one implementation, e.g. `SettingsOf<'http.nginx'>`. */
export type SettingsOf<I extends ServiceId> = z.output<SettingsSchemas[I]>;

/** The dotted id of `type` + `impl`, e.g. `IdOf<'http', 'nginx'>` = 'http.nginx'. */
export type IdOf<T extends ServiceType, I extends ServiceImpl<T>> = `${T}.${I}` & ServiceId;

/** The schema for `type.impl`, typed by its id: `settingsSchema('http', 'nginx')`. */
export function settingsSchema<T extends ServiceType, I extends ServiceImpl<T>>(type: T, impl: I): SettingsSchemas[IdOf<T, I>] {
  const id = `${type}.${impl}` as IdOf<T, I>;
  // TypeScript cannot correlate the template-literal key with the indexed type; the table guarantees it.
  return SETTINGS_SCHEMAS[id] as unknown as SettingsSchemas[IdOf<T, I>];
}

/** The setting names an implementation accepts, in declaration order. */
export function settingKeys(id: ServiceId): string[] {
  return Object.keys(SETTINGS_SCHEMAS[id].shape);
}
