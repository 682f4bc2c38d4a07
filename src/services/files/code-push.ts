/**
 * The push of a platform's codebase from the hub to a web head, and what it must never touch:
 * the uploads and private directories of every site, the settings files Aegir writes into site
 * directories, and the platform-level files Aegir writes (switch files, sites.php). Nothing on
 * the web head is deleted by a push, so site directories Aegir made there stay.
 */
import { appKind, appSiteInput } from '../../apps/index.js';
import type { AppKind } from '../../model/platform.js';
import type { Action } from '../../plan/action.js';
import { pushTree } from '../../plan/build-file-actions.js';
import type { CodePlacementRequest } from './types.js';

/** Stands in for every site when asking an app kind which file names its settings have. */
const ANY_SITE = 'site.invalid';

/** rsync exclude patterns (anchored at the platform root) that protect what Aegir and the sites own. */
export function codeExcludes(app: AppKind, root: string): string[] {
  const kind = appKind(app);
  const probe = appSiteInput({
    uri: ANY_SITE,
    platformRoot: root,
    db: { driver: 'mysql', host: 'localhost', port: 3306, name: 'x', user: 'x', password: 'x' },
    hashSalt: 'x'.repeat(16),
    webGroup: 'www-data',
    ...(app === 'drupal' ? { drupalMajor: 10 as const } : {}),
  });
  const siteDir = `${probe.siteDir}/`;
  const settings = kind.settingsFiles(probe)
    .filter((file) => file.path.startsWith(siteDir))
    .map((file) => `/sites/*/${file.path.slice(siteDir.length)}`);
  const prefix = `${root === '/' ? '' : root}/`;
  const platformFiles = kind.platformFiles(root, [])
    .filter((file) => file.path.startsWith(prefix))
    .map((file) => `/${file.path.slice(prefix.length)}`);
  return [...new Set(['/sites/*/files/', '/sites/*/private/', ...settings, ...platformFiles])];
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
    excludes: codeExcludes(platform.app, platform.root),
    deleteExtraneous: false,
    after: request.after,
    description: `push the code of ${platform.alias} from ${source} to ${platform.root}`,
  })];
}
