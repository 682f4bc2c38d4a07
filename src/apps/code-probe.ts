/**
 * What a platform's codebase holds, as facts: whether it is an app of its kind, what the kind
 * reads from it (Drupal's major version and drush, a generic PHP app's install script), the
 * directories under `sites/`, and whether the root is there at all. Which paths to probe and how
 * to read them is the app kind's (`kind.code`); the engine probes them. Pure.
 */
import { underRoot } from './code-paths.js';
import { APP_REGISTRY, appKindIn } from './registry.js';
import type { AppRegistry, PlatformCodeFacts, ProbedPath } from './types.js';

/** Every path whose state the facts need: the kind's markers, its own extra paths, and the root itself. */
export function platformProbePaths(app: string, root: string, apps: AppRegistry = APP_REGISTRY): string[] {
  const { code } = appKindIn(apps, app);
  return [...code.markers.map((marker) => underRoot(root, marker)), ...code.extraPaths(root), root];
}

/** The facts from the probed paths and the directory names under `sites/`. */
export function readPlatformFacts(
  app: string,
  root: string,
  probed: ReadonlyMap<string, ProbedPath>,
  siteDirs: readonly string[],
  apps: AppRegistry = APP_REGISTRY,
): PlatformCodeFacts {
  const { code } = appKindIn(apps, app);
  const stateOf = (path: string): ProbedPath => probed.get(path) ?? { type: 'missing' };
  return {
    isApp: code.markers.some((marker) => stateOf(underRoot(root, marker)).type === 'file'),
    siteDirs: [...siteDirs].sort(),
    ...(probed.get(root)?.type === 'missing' ? { rootMissing: true as const } : {}),
    ...code.read(root, stateOf),
  };
}
