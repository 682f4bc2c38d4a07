/**
 * The push of a platform's codebase from the hub to a web head, and what it must never touch:
 * the uploads and private directories of every site, the settings files Aegir writes into site
 * directories, and the platform-level files Aegir writes (switch files, sites.php), as the app
 * kind lists them. Nothing on the web head is deleted by a push, so site directories Aegir made
 * there stay.
 */
import { APP_REGISTRY, appKindIn, type AppRegistry } from '../../apps/index.js';
import type { Action } from '../../plan/action.js';
import { pushTree } from '../../plan/build-file-actions.js';
import type { CodePlacementRequest } from './types.js';

/**
 * rsync exclude patterns, anchored at the platform root (so the same for any root), that protect
 * what Aegir and the sites own: the app kind's.
 */
export function codeExcludes(app: string, _root: string, apps: AppRegistry = APP_REGISTRY): string[] {
  return [...appKindIn(apps, app).pushExcludes];
}

/** One pushTree of `source` to the platform root, or none when there is no source or it is the root itself. */
export function codePushActions(request: CodePlacementRequest, options: { readonly sameHost: boolean }): Action[] {
  const { platform, server } = request;
  const source = platform.source;
  if (source === undefined || (options.sameHost && source === platform.root)) return [];
  return [pushTree({
    id: `${request.idPrefix ?? `files:${server}:${platform.alias}`}:push-code`,
    server,
    source,
    target: platform.root,
    excludes: codeExcludes(platform.app, platform.root, request.apps),
    deleteExtraneous: false,
    after: request.after,
    description: `push the code of ${platform.alias} from ${source} to ${platform.root}`,
  })];
}
