/**
 * Paths of a site as the vhost needs them: the URL path of a directory under the document
 * root, and the VhostInput of a site on a platform with the directories of its app kind's layout
 * (the same the settings and directories are made from).
 */
import { APP_REGISTRY, appKindIn, type AppRegistry } from '../../apps/index.js';
import { ValidationError } from '../../model/errors.js';
import type { Platform } from '../../model/platform.js';
import type { Site } from '../../model/site.js';
import { checkAbsolutePath } from '../../model/paths.js';
import { checkConfigValue } from './quote.js';
import type { VhostInput, VhostTls } from './types.js';

/**
 * The URL path prefix (ending in `/`) under which `dir` is served, or undefined when `dir` is
 * outside `docRoot` (then no request reaches it). `dir` equal to `docRoot` is refused: an
 * uploads or private directory cannot be the whole site.
 */
export function urlPathOf(docRoot: string, dir: string, field: string): string | undefined {
  if (dir === docRoot) throw new ValidationError(field, dir, 'is the document root itself');
  const base = docRoot === '/' ? '' : docRoot;
  return dir.startsWith(`${base}/`) ? `${dir.slice(base.length)}/` : undefined;
}

export interface VhostDirs {
  readonly publicFilesDir?: string;
  readonly privateFilesDir?: string;
  /** Default: every status but `disabled` serves the site. */
  readonly enabled?: boolean;
}

/**
 * The vhost facts of a site on its platform; directories default to those of the app kind's
 * layout in `apps` (the standard one: `<root>/sites/<uri>/files` and `/private`).
 */
export function vhostInputOf(
  site: Site,
  platform: Pick<Platform, 'root'> & { readonly app: string },
  dirs: VhostDirs = {},
  apps: AppRegistry = APP_REGISTRY,
): VhostInput {
  const layout = appKindIn(apps, platform.app).layout.dirsOf(platform.root, site.uri);
  const { siteDir } = layout;
  return {
    uri: site.uri,
    aliases: [...site.aliases],
    redirect: site.redirect,
    enabled: dirs.enabled ?? site.status !== 'disabled',
    docRoot: platform.root,
    siteDir,
    publicFilesDir: dirs.publicFilesDir ?? `${platform.root === '/' ? '' : platform.root}/${layout.publicFilesPath}`,
    privateFilesDir: dirs.privateFilesDir ?? layout.privateDir,
    app: platform.app,
    ...(site.tls === undefined || site.tls === 'off' ? {} : { tls: vhostTlsOf(site, site.tls) }),
  };
}

/** The https of a TLS site: its mode, and its certificate when the hub holds one. */
function vhostTlsOf(site: Site, mode: 'on' | 'required'): VhostTls {
  const cert = site.certificate;
  return cert === undefined ? { mode } : { mode, certificate: { chain: cert.chain, key: cert.key } };
}

const PATH_FIELDS = ['docRoot', 'siteDir', 'publicFilesDir', 'privateFilesDir'] as const;

/**
 * Checks every path of a vhost before anything is rendered: absolute and normal, writable in a
 * config, and the uploads and private directories are not the document root.
 */
export function checkVhostPaths(site: VhostInput): void {
  for (const field of PATH_FIELDS) {
    const path = site[field];
    const check = checkAbsolutePath(path);
    if (!check.ok || check.value !== path) throw new ValidationError(field, path, check.ok ? 'is not a normal absolute path (no trailing slash)' : check.rule);
    checkConfigValue(path, field);
  }
  urlPathOf(site.docRoot, site.publicFilesDir, 'publicFilesDir');
  urlPathOf(site.docRoot, site.privateFilesDir, 'privateFilesDir');
}
