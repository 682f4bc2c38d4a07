/**
 * Builds the input of the app kinds from a site's facts, filling the directories the app kind's
 * layout gives (the standard one: `<root>/sites/<uri>` for the site, `sites/<uri>/files` for
 * uploads, `<siteDir>/private` for what is never served).
 */
import { ValidationError } from '../model/errors.js';
import { checkDnsName } from '../model/dns-name.js';
import { STANDARD_LAYOUT } from './standard-layout.js';
import type { AppDb, AppSiteInput, SiteLayout } from './types.js';

export interface AppSiteOptions {
  readonly uri: string;
  readonly aliases?: readonly string[];
  readonly title?: string;
  readonly scheme?: 'http' | 'https';
  readonly platformRoot: string;
  /** Relative to the platform root; default `sites/<uri>/files`. */
  readonly publicFilesPath?: string;
  /** Absolute; default `<root>/sites/<uri>/private`. */
  readonly privateDir?: string;
  readonly db: AppDb;
  readonly hashSalt: string;
  readonly webGroup: string;
  readonly drupalMajor?: 7 | 10 | 11;
  /** The app kind's layout (`kind.layout`); default the standard one. */
  readonly layout?: SiteLayout;
}

/** The site input with defaults filled and its names and paths checked (secrets are never echoed). */
export function appSiteInput(options: AppSiteOptions): AppSiteInput {
  const names = [options.uri, ...(options.aliases ?? [])];
  for (const name of names) {
    const checked = checkDnsName(name);
    if (!checked.ok) throw new ValidationError('uri', name, checked.rule);
    if (checked.value !== name) throw new ValidationError('uri', name, `is not in its normal form ${checked.value}`);
  }
  const platformRoot = checkedAbsolute('platformRoot', options.platformRoot.replace(/\/+$/, ''));
  const dirs = (options.layout ?? STANDARD_LAYOUT).dirsOf(platformRoot, options.uri);
  const siteDir = checkedAbsolute('siteDir', dirs.siteDir);
  const publicFilesPath = checkedRelative('publicFilesPath', options.publicFilesPath ?? dirs.publicFilesPath);
  const privateDir = checkedAbsolute('privateDir', options.privateDir ?? dirs.privateDir);
  if (!/^[a-z_][a-z0-9_-]*$/i.test(options.webGroup)) throw new ValidationError('webGroup', options.webGroup, 'is not a group name');
  if (!Number.isInteger(options.db.port) || options.db.port < 1 || options.db.port > 65535) {
    throw new ValidationError('db.port', options.db.port, 'is not a TCP port');
  }
  if (options.hashSalt.length < 16) throw new ValidationError('hashSalt', '(hidden)', 'is shorter than 16 characters');
  return {
    uri: options.uri,
    aliases: [...(options.aliases ?? [])],
    title: options.title ?? options.uri,
    scheme: options.scheme ?? 'http',
    platformRoot,
    siteDir,
    publicFilesPath,
    privateDir,
    db: { ...options.db },
    hashSalt: options.hashSalt,
    webGroup: options.webGroup,
    ...(options.drupalMajor === undefined ? {} : { drupalMajor: options.drupalMajor }),
  };
}

/** The absolute uploads directory of a site. */
export function publicFilesDir(input: AppSiteInput): string {
  return `${input.platformRoot}/${input.publicFilesPath}`;
}

/** The site's base URL, e.g. `http://wiki.example.com`. */
export function siteUrl(input: AppSiteInput): string {
  return `${input.scheme}://${input.uri}`;
}

const SAFE_SEGMENT = /^[A-Za-z0-9._@+-]+$/;

function checkedAbsolute(field: string, path: string): string {
  if (!path.startsWith('/')) throw new ValidationError(field, path, 'is not an absolute path');
  checkSegments(field, path, path.slice(1));
  return path;
}

function checkedRelative(field: string, path: string): string {
  if (path.startsWith('/')) throw new ValidationError(field, path, 'must be relative to the platform root');
  checkSegments(field, path, path);
  return path;
}

function checkSegments(field: string, path: string, rest: string): void {
  for (const segment of rest.split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || !SAFE_SEGMENT.test(segment)) {
      throw new ValidationError(field, path, 'must be a plain path (letters, digits, . _ @ + -; no empty, . or .. parts)');
    }
  }
}
