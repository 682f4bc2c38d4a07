/** The files services: how a platform's codebase reaches its web heads (pure planning). */
export { codeExcludes, codePushActions } from './code-push.js';
export { localFilesService } from './local.js';
export { rsyncFilesService } from './rsync.js';
export { FILES_SERVICES, filesService } from '../registry.js';
export { type CodePlacementRequest, type FilesService, type FilesServiceId } from './types.js';
