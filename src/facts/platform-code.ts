/**
 * What a platform's codebase holds, as facts: whether it is an app of its kind, the Drupal major
 * version, its drush, a generic PHP app's install script, and the directories under `sites/`.
 * The hub reads a few marker files (on each web head, or in the source on the hub); this file
 * says which, and reads the answers. Pure.
 */
import type { AppKind } from '../model/index.js';

export interface PlatformCodeFacts {
  /** The app kind's marker file is there (e.g. `includes/DefaultSettings.php` for MediaWiki). */
  readonly isApp: boolean;
  /** Drupal: the settings format (8 to 10 write the 10 format). */
  readonly drupalMajor?: 7 | 10 | 11;
  /** Drupal: the platform's drush, when it has one. */
  readonly drush?: string;
  /** A generic PHP platform ships `aegir-install.php`, run once per site by install. */
  readonly installScript?: boolean;
  /** The names of the directories under `sites/`. */
  readonly siteDirs: readonly string[];
  /** The root itself is not there (a typo, or the code was never copied): said as such. */
  readonly rootMissing?: true;
}

/** What `readPlatformFacts` needs of each probed path: missing, or a file (with its text) or something else. */
export type ProbedPath = { readonly type: 'missing' | 'dir' | 'other' } | { readonly type: 'file'; readonly content: string };

/** The generic PHP app's install script, relative to the platform root. */
export const PHP_INSTALL_SCRIPT = 'aegir-install.php';

const MARKERS: Readonly<Record<AppKind, readonly string[]>> = {
  mediawiki: ['includes/DefaultSettings.php'],
  wordpress: ['wp-includes/version.php'],
  drupal: ['core/lib/Drupal.php', 'includes/bootstrap.inc'],
  php: ['index.php'],
};

function join(root: string, relative: string): string {
  return `${root === '/' ? '' : root}/${relative}`;
}

function parentOf(root: string): string {
  const cut = root.lastIndexOf('/');
  return cut <= 0 ? '/' : root.slice(0, cut);
}

/** Where drush may be: the platform's own vendor/bin, or the project's (the root is `web/`). */
function drushCandidates(root: string): string[] {
  return [join(root, 'vendor/bin/drush'), join(parentOf(root), 'vendor/bin/drush')];
}

/** Every path whose state the facts need: the kind's markers, and the root itself. */
export function platformProbePaths(app: AppKind, root: string): string[] {
  const paths = MARKERS[app].map((marker) => join(root, marker));
  if (app === 'drupal') paths.push(...drushCandidates(root));
  if (app === 'php') paths.push(join(root, PHP_INSTALL_SCRIPT));
  paths.push(root);
  return paths;
}

/** The facts from the probed paths and the directory names under `sites/`. */
export function readPlatformFacts(
  app: AppKind,
  root: string,
  probed: ReadonlyMap<string, ProbedPath>,
  siteDirs: readonly string[],
): PlatformCodeFacts {
  const isFile = (path: string): boolean => probed.get(path)?.type === 'file';
  const textOf = (path: string): string | undefined => {
    const state = probed.get(path);
    return state?.type === 'file' ? state.content : undefined;
  };
  const facts = {
    isApp: MARKERS[app].some((marker) => isFile(join(root, marker))), siteDirs: [...siteDirs].sort(),
    ...(probed.get(root)?.type === 'missing' ? { rootMissing: true as const } : {}),
  };
  if (app === 'drupal') {
    const major = drupalMajorOf(textOf(join(root, 'core/lib/Drupal.php')), textOf(join(root, 'includes/bootstrap.inc')));
    const drush = drushCandidates(root).find((path) => ['file', 'other'].includes(probed.get(path)?.type ?? 'missing'));
    return { ...facts, ...(major === undefined ? {} : { drupalMajor: major }), ...(drush === undefined ? {} : { drush }) };
  }
  if (app === 'php') return { ...facts, installScript: isFile(join(root, PHP_INSTALL_SCRIPT)) };
  return facts;
}

/** 7 from `define('VERSION', '7.x')` in bootstrap.inc; 10 or 11 from `const VERSION = '...'` in Drupal.php. */
export function drupalMajorOf(drupalPhp: string | undefined, bootstrapInc: string | undefined): 7 | 10 | 11 | undefined {
  if (drupalPhp !== undefined) {
    const major = Number(/const\s+VERSION\s*=\s*'(\d+)\./.exec(drupalPhp)?.[1] ?? Number.NaN);
    if (Number.isNaN(major)) return 10;
    return major >= 11 ? 11 : 10;
  }
  if (bootstrapInc !== undefined && /define\(\s*'VERSION'\s*,\s*'7\./.test(bootstrapInc)) return 7;
  return undefined;
}
