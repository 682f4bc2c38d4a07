/**
 * files.rsync: the hub keeps the master copy and pushes. A platform with a `source` on the hub is
 * pushed to its root on the web head (one rsync per web head per task; uploads, settings and the
 * files Aegir writes on the web head are excluded, nothing is deleted). Without a source the code
 * is expected in place on the web head.
 */
import { codePushActions } from './code-push.js';
import type { FilesService } from './types.js';

export const rsyncFilesService: FilesService<'files.rsync'> = {
  id: 'files.rsync',
  platformCodeActions: (request) => codePushActions(request, { sameHost: false }),
};
