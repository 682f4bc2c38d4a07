/**
 * Every service implementation, by type and implementation name; each value carries its dotted id
 * (`http.nginx`, `db.mysql`, `files.rsync`) and is typed by its settings (their schemas are the
 * model's, src/model/settings/, which validates a server's bundle). One explicit table: adding an
 * implementation means its folder or file and one line here; the `satisfies` clause fails to
 * compile until every implementation the model accepts has a value with its own id, and refuses
 * one it does not know. Lookups are typed by name: `SERVICES.http.nginx`, `httpService('apache')`.
 */
import type { ServiceImpl, ServiceType } from '../model/service.js';
import type { IdOf, SettingsOf } from '../model/settings/registry.js';
import { mysqlDbService } from './db/mysql.js';
import { nullDbService } from './db/null.js';
import { postgresDbService } from './db/postgres.js';
import type { DbService } from './db/types.js';
import { localFilesService } from './files/local.js';
import { rsyncFilesService } from './files/rsync.js';
import type { FilesService } from './files/types.js';
import { apacheHttpService } from './http/apache/service.js';
import { nginxHttpService } from './http/nginx/service.js';
import { nullHttpService } from './http/null-service.js';
import type { HttpService } from './http/types.js';

/** The settings of each http implementation, by name. */
export type HttpSettingsOf = { readonly [I in ServiceImpl<'http'>]: SettingsOf<IdOf<'http', I>> };

/** What the table holds for each type: one value per implementation name, with its own dotted id. */
export interface ServiceRegistry {
  readonly http: { readonly [I in ServiceImpl<'http'>]: HttpService<HttpSettingsOf[I]> & { readonly id: IdOf<'http', I> } };
  readonly db: { readonly [I in ServiceImpl<'db'>]: DbService & { readonly id: IdOf<'db', I> } };
  readonly files: { readonly [I in ServiceImpl<'files'>]: FilesService & { readonly id: IdOf<'files', I> } };
}

export const SERVICES = {
  http: {
    nginx: nginxHttpService,
    apache: apacheHttpService,
    null: nullHttpService,
  },
  db: {
    mysql: mysqlDbService,
    postgres: postgresDbService,
    null: nullDbService,
  },
  files: {
    local: localFilesService,
    rsync: rsyncFilesService,
  },
} as const satisfies ServiceRegistry & { readonly [T in ServiceType]: unknown };

/** The http implementations by name. */
export const HTTP_SERVICES = SERVICES.http;
/** The db implementations by name. */
export const DB_SERVICES = SERVICES.db;
/** The files implementations by name. */
export const FILES_SERVICES = SERVICES.files;

/** The http service of an implementation name, typed by it: `httpService('nginx').siteVhost(site, settings)`. */
export function httpService<I extends ServiceImpl<'http'>>(impl: I): (typeof HTTP_SERVICES)[I] {
  return HTTP_SERVICES[impl];
}

/** The db service of an implementation name, e.g. `dbService(server.services.db.impl)`. */
export function dbService(impl: ServiceImpl<'db'>): DbService {
  return DB_SERVICES[impl];
}

/** The files service of an implementation name, e.g. `filesService(server.services.files.impl)`. */
export function filesService(impl: ServiceImpl<'files'>): FilesService {
  return FILES_SERVICES[impl];
}
