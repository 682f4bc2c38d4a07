import { z } from 'zod';
import { SETTINGS_SCHEMAS, settingKeys } from './settings/registry.js';
import { ValidationError } from './errors.js';
import { SERVICE_IMPLEMENTATIONS, SERVICE_TYPES, isServiceImpl, type ServiceId, type ServiceImpl } from './service.js';

/**
 * A server's bundle of services: one implementation of each type with its settings. Settings
 * left out take their defaults; unknown settings are refused.
 */
const S = SETTINGS_SCHEMAS;

export const httpServiceSchema = z.discriminatedUnion('impl', [
  z.strictObject({ impl: z.literal('nginx'), settings: S['http.nginx'].prefault({}) }),
  z.strictObject({ impl: z.literal('apache'), settings: S['http.apache'].prefault({}) }),
  z.strictObject({ impl: z.literal('null'), settings: S['http.null'].prefault({}) }),
]);

export const dbServiceSchema = z.discriminatedUnion('impl', [
  z.strictObject({ impl: z.literal('mysql'), settings: S['db.mysql'].prefault({}) }),
  z.strictObject({ impl: z.literal('postgres'), settings: S['db.postgres'].prefault({}) }),
  z.strictObject({ impl: z.literal('null'), settings: S['db.null'].prefault({}) }),
]);

export const filesServiceSchema = z.discriminatedUnion('impl', [
  z.strictObject({ impl: z.literal('local'), settings: S['files.local'].prefault({}) }),
  z.strictObject({ impl: z.literal('rsync'), settings: S['files.rsync'].prefault({}) }),
]);

export const serviceBundleSchema = z.strictObject({
  http: httpServiceSchema,
  db: dbServiceSchema,
  files: filesServiceSchema,
});

export type HttpService = z.output<typeof httpServiceSchema>;
export type DbService = z.output<typeof dbServiceSchema>;
export type FilesService = z.output<typeof filesServiceSchema>;
export type ServiceBundle = z.output<typeof serviceBundleSchema>;

/** `true` when the union's implementations are all of `I`; `never` (so the check below fails to compile) when one is missing. */
type Covers<Union, I> = [I] extends [Union] ? true : never;
/** Every implementation in SERVICE_IMPLEMENTATIONS has its entry in the unions above. */
const _bundleCoversImplementations: readonly [
  Covers<HttpService['impl'], ServiceImpl<'http'>>, Covers<DbService['impl'], ServiceImpl<'db'>>, Covers<FilesService['impl'], ServiceImpl<'files'>>,
] = [true, true, true];

/**
 * Checks implementation names and setting keys before the schema runs, so that the refusal
 * names the implementation and lists what it accepts. Fields are named as on the command
 * line: `http` for the implementation, `http.port` for a setting.
 */
export function precheckServices(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  for (const type of SERVICE_TYPES) {
    const entry: unknown = (raw as Record<string, unknown>)[type];
    if (typeof entry !== 'object' || entry === null) continue;
    const { impl, settings } = entry as { impl?: unknown; settings?: unknown };
    if (!isServiceImpl(type, impl)) {
      throw new ValidationError(type, impl, `is not ${type === 'http' ? 'an' : 'a'} ${type} implementation (one of: ${SERVICE_IMPLEMENTATIONS[type].join(', ')})`);
    }
    if (typeof settings !== 'object' || settings === null) continue;
    const id = `${type}.${impl}` as ServiceId;
    const known = settingKeys(id);
    for (const key of Object.keys(settings)) {
      if (!known.includes(key)) {
        const list = known.length === 0 ? 'it has no settings' : `its settings: ${known.join(', ')}`;
        throw new ValidationError(`${type}.${key}`, (settings as Record<string, unknown>)[key], `is not a setting of ${id} (${list})`);
      }
    }
  }
}

/** Shows a schema path as a command-line field: services.http.settings.port -> http.port. */
export function serviceFieldName(path: readonly PropertyKey[]): string {
  const [head, type, part, ...rest] = path.map(String);
  if (head !== 'services' || type === undefined) return path.map(String).join('.');
  if (part === 'impl' || part === undefined) return type;
  if (part === 'settings') return [type, ...rest].join('.');
  return [type, part, ...rest].join('.');
}
