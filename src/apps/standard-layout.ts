/**
 * The standard layout of a multi-site platform, used by every app kind here: each site in
 * `<root>/sites/<uri>`, its uploads in `sites/<uri>/files` and what is never served in
 * `sites/<uri>/private`. A kind with another layout gives its own `SiteLayout`.
 */
import type { SiteLayout } from './types.js';

export const STANDARD_LAYOUT: SiteLayout = {
  dirsOf: (platformRoot, uri) => {
    const siteDir = `${platformRoot === '/' ? '' : platformRoot}/sites/${uri}`;
    return { siteDir, publicFilesPath: `sites/${uri}/files`, privateDir: `${siteDir}/private` };
  },
  pushExcludes: ['/sites/*/files/', '/sites/*/private/'],
};
