/**
 * The db implementations by name: one explicit table. Adding one means its file and one line
 * here; `satisfies` fails to compile until every db implementation has an entry.
 */
import type { ServiceImpl } from '../../model/service.js';
import { mysqlDbService } from './mysql.js';
import { nullDbService } from './null.js';
import { postgresDbService } from './postgres.js';
import type { DbService } from './types.js';

export const DB_SERVICES = {
  mysql: mysqlDbService,
  postgres: postgresDbService,
  null: nullDbService,
} as const satisfies Record<ServiceImpl<'db'>, DbService>;

/** The db service of an implementation name, e.g. `dbService(server.services.db.impl)`. */
export function dbService(impl: ServiceImpl<'db'>): DbService {
  return DB_SERVICES[impl];
}
