/**
 * The Apache vhost of one site: a VirtualHost for its names (the site, or its disabled page)
 * and, when its aliases redirect, a VirtualHost answering them with a 301 to the uri. Access
 * rules are on filesystem paths (<Directory>, <DirectoryMatch>, <FilesMatch>), never on URLs.
 */
import { APP_RULES, header, PHP_EXTENSIONS, SECRET_FILE_NAMES, SITE_DISABLED_TEXT } from '../app-rules.js';
import { apacheRegex, apacheString, globFree, socketPath } from '../quote.js';
import type { VhostInput, WebServerSettings } from '../types.js';
import { siteOrigin, vhostNames } from '../vhost-names.js';

export function apacheVhost(site: VhostInput, settings: WebServerSettings): string {
  const names = vhostNames(site);
  const state = site.enabled ? 'enabled' : 'disabled';
  const blocks = [site.enabled ? siteHost(site, names.served, settings) : disabledHost(names.served, settings.port)];
  if (names.redirected.length > 0) blocks.push(redirectHost(names.redirected, site.uri, settings.port));
  return `${header(`Apache vhost of ${site.uri} (${site.app} site, ${state}).`)}${blocks.join('\n')}`;
}

function nameLines(names: readonly string[], port: number): string {
  const [first, ...rest] = names;
  const server = `    ServerName ${first}${port === 80 ? '' : `:${port}`}`;
  return rest.length === 0 ? server : `${server}\n    ServerAlias ${rest.join(' ')}`;
}

function disabledHost(names: readonly string[], port: number): string {
  return `<VirtualHost *:${port}>
${nameLines(names, port)}
    ErrorDocument 503 ${apacheString(SITE_DISABLED_TEXT, 'disabled page')}
    Redirect 503 /
</VirtualHost>
`;
}

function redirectHost(names: readonly string[], uri: string, port: number): string {
  return `<VirtualHost *:${port}>
${nameLines(names, port)}
    Redirect 301 / ${siteOrigin(uri, port)}/
</VirtualHost>
`;
}

/** A pattern written here (no data): quoted as it is, so the golden files read like Apache's docs. */
const fixed = (pattern: string): string => `"${pattern}"`;

const deny = (open: string, close: string, pad = '    '): string => `${pad}${open}\n${pad}    Require all denied\n${pad}${close}`;

function siteHost(site: VhostInput, names: readonly string[], settings: WebServerSettings): string {
  const rules = APP_RULES[site.app];
  const root = apacheString(globFree(site.docRoot, 'docRoot'), 'docRoot');
  const rootMatch = (pattern: string): string => apacheRegex(site.docRoot, 'docRoot', pattern);
  const socket = socketPath(settings.phpFpmSocket, 'http.phpFpmSocket');
  const frontController = rules.frontController ? `
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule ^ /index.php [L]` : '';
  const denied = [
    deny(`<DirectoryMatch ${rootMatch(String.raw`/(.*/)?\.(?!well-known(/|$))`)}>`, '</DirectoryMatch>'),
    deny(`<FilesMatch ${fixed(String.raw`^\.`)}>`, '</FilesMatch>'),
    deny(`<FilesMatch ${fixed(`(?i)^(${SECRET_FILE_NAMES})$`)}>`, '</FilesMatch>'),
    `    <DirectoryMatch ${rootMatch('/sites(/|$)')}>\n${deny(`<FilesMatch ${fixed(String.raw`(?i)\.ya?ml$`)}>`, '</FilesMatch>', '        ')}\n    </DirectoryMatch>`,
    deny(`<DirectoryMatch ${rootMatch('/sites/[^/]+/private(/|$)')}>`, '</DirectoryMatch>'),
    deny(`<Directory ${apacheString(globFree(site.privateFilesDir, 'privateFilesDir'), 'privateFilesDir')}>`, '</Directory>'),
    ...(rules.deniedExtensions.length === 0 ? [] : [
      deny(`<FilesMatch ${fixed(`(?i)\\.(${rules.deniedExtensions.join('|')})$`)}>`, '</FilesMatch>'),
    ]),
    ...(rules.deniedDirs.length === 0 ? [] : [deny(`<DirectoryMatch ${rootMatch(`/(${rules.deniedDirs.join('|')})(/|$)`)}>`, '</DirectoryMatch>')]),
  ];
  const noPhp = `<FilesMatch ${fixed(`(?i)\\.(${PHP_EXTENSIONS})$`)}>`;
  return `<VirtualHost *:${settings.port}>
${nameLines(names, settings.port)}
    UseCanonicalName On
    DocumentRoot ${root}

    <Directory ${root}>
        Options FollowSymLinks
        AllowOverride None
        Require all granted
        DirectoryIndex index.php index.html${frontController}
    </Directory>

    # PHP through PHP-FPM.
    <FilesMatch ${fixed(String.raw`\.php$`)}>
        SetHandler "proxy:unix:${socket}|fcgi://localhost"
    </FilesMatch>

    # Never served: dotfiles, settings and config files, private files.
${denied.join('\n')}

    # Uploads: static files only, never PHP.
    <DirectoryMatch ${rootMatch('/sites/[^/]+/files(/|$)')}>
${deny(noPhp, '</FilesMatch>', '        ')}
    </DirectoryMatch>
    <Directory ${apacheString(globFree(site.publicFilesDir, 'publicFilesDir'), 'publicFilesDir')}>
        Header always set X-Content-Type-Options "nosniff"
${deny(noPhp, '</FilesMatch>', '        ')}
    </Directory>
</VirtualHost>
`;
}
