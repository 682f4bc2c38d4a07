/**
 * files.local: the hub writes in place on its own server. A platform with a `source` elsewhere on
 * the hub is copied to its root (rsync on the hub); a platform whose source is its root, or that
 * has none, is already where it runs.
 */
import { codePushActions } from './code-push.js';
import type { FilesService } from './types.js';

export const localFilesService: FilesService<'files.local'> = {
  id: 'files.local',
  platformCodeActions: (request) => codePushActions(request, { sameHost: true }),
};
