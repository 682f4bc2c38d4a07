/**
 * The files implementations by name: one explicit table (`satisfies` fails to compile until every
 * files implementation has an entry).
 */
import type { ServiceImpl } from '../../model/service.js';
import { localFilesService } from './local.js';
import { rsyncFilesService } from './rsync.js';
import type { FilesService } from './types.js';

export const FILES_SERVICES = {
  local: localFilesService,
  rsync: rsyncFilesService,
} as const satisfies Record<ServiceImpl<'files'>, FilesService>;

/** The files service of an implementation name, e.g. `filesService(server.services.files.impl)`. */
export function filesService(impl: ServiceImpl<'files'>): FilesService {
  return FILES_SERVICES[impl];
}
