/**
 * How Apache writes the blocks of a site's vhost (chosen in ../vhost-blocks.ts): a VirtualHost per
 * block. Access rules are on filesystem paths (<Directory>, <DirectoryMatch>, <FilesMatch>),
 * never on URLs.
 */
import type { AppWebRules } from '../../../apps/index.js';
import { PHP_EXTENSIONS, SECRET_FILE_NAMES, SITE_DISABLED_TEXT } from '../app-rules.js';
import { apacheRegex, apacheString, globFree, socketPath } from '../quote.js';
import { ACME_CHALLENGE_PATH, DEFAULT_TLS_PORT, tlsPortSuffix } from '../tls-files.js';
import type { VhostInput, WebServerSettings } from '../types.js';
import type { BlockListen, RedirectTarget, VhostRenderer } from '../vhost-blocks.js';

/** Where a VirtualHost listens: its port, the port that needs no `:port` in ServerName, and its TLS lines. */
interface Listen {
  readonly port: number;
  readonly plainPort: number;
  readonly tls: string;
}

export const apacheVhost: VhostRenderer = {
  name: 'Apache',
  site: (block, site, rules, settings) => siteHost(site, rules, block.names, settings, listenOf(block.listen)),
  disabled: (block) => disabledHost(block.names, listenOf(block.listen)),
  redirect: (block) => redirectHost(block.names, targetOf(block.target), listenOf(block.listen), block.acmeRoot),
};

function listenOf(listen: BlockListen): Listen {
  if (!listen.tls) return { port: listen.port, plainPort: 80, tls: '' };
  const tls = `    SSLEngine on
    SSLCertificateFile ${apacheString(listen.certificate.certificate, 'http.configDir')}
    SSLCertificateKeyFile ${apacheString(listen.certificate.key, 'http.configDir')}
`;
  return { port: listen.port, plainPort: DEFAULT_TLS_PORT, tls };
}

function targetOf(target: RedirectTarget): string {
  return target.kind === 'origin' ? target.origin : `https://%{SERVER_NAME}${tlsPortSuffix(target.port)}`;
}

function nameLines(names: readonly string[], listen: Listen): string {
  const [first, ...rest] = names;
  const server = `    ServerName ${first}${listen.port === listen.plainPort ? '' : `:${listen.port}`}`;
  return rest.length === 0 ? server : `${server}\n    ServerAlias ${rest.join(' ')}`;
}

function disabledHost(names: readonly string[], listen: Listen): string {
  return `<VirtualHost *:${listen.port}>
${nameLines(names, listen)}
${listen.tls}    ErrorDocument 503 ${apacheString(SITE_DISABLED_TEXT, 'disabled page')}
    Redirect 503 /
</VirtualHost>
`;
}

/** A 301 of every request to `target` + the path; with `acmeRoot`, the ACME challenge path is served from it. */
function redirectHost(names: readonly string[], target: string, listen: Listen, acmeRoot?: string): string {
  if (acmeRoot === undefined) {
    return `<VirtualHost *:${listen.port}>
${nameLines(names, listen)}
${listen.tls}    Redirect 301 / ${target}/
</VirtualHost>
`;
  }
  const challenge = apacheString(`${globFree(acmeRoot, 'docRoot') === '/' ? '' : acmeRoot}${ACME_CHALLENGE_PATH}`, 'docRoot');
  return `<VirtualHost *:${listen.port}>
${nameLines(names, listen)}
${listen.tls}    Alias ${ACME_CHALLENGE_PATH} ${challenge}
    <Directory ${challenge}>
        Require all granted
    </Directory>
    RewriteEngine On
    RewriteCond %{REQUEST_URI} ${fixed(String.raw`!^/\.well-known/acme-challenge/`)}
    RewriteRule ^ ${target}%{REQUEST_URI} [R=301,L,NE]
</VirtualHost>
`;
}

/** A pattern written here (no data): quoted as it is, so the golden files read like Apache's docs. */
const fixed = (pattern: string): string => `"${pattern}"`;

const deny = (open: string, close: string, pad = '    '): string => `${pad}${open}\n${pad}    Require all denied\n${pad}${close}`;

function siteHost(site: VhostInput, rules: AppWebRules, names: readonly string[], settings: WebServerSettings, listen: Listen): string {
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
  return `<VirtualHost *:${listen.port}>
${nameLines(names, listen)}
${listen.tls}    UseCanonicalName On
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
