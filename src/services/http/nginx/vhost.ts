/**
 * The nginx vhost of one site: a server block for its names (the site, or its disabled page)
 * and, when its aliases redirect, a server block answering them with a 301 to the uri. A TLS site
 * with a certificate gets the same blocks again on the https port; with `required`, its http
 * names answer with a 301 to https, except the ACME challenge path.
 */
import { APP_RULES, header, PHP_EXTENSIONS, SECRET_FILE_NAMES, SITE_DISABLED_TEXT } from '../app-rules.js';
import { nginxString, socketPath } from '../quote.js';
import { urlPathOf } from '../site-paths.js';
import { ACME_CHALLENGE_PATH, httpsOrigin, tlsPaths, tlsPortOf, tlsPortSuffix } from '../tls-files.js';
import type { VhostInput, WebServerSettings } from '../types.js';
import { siteOrigin, vhostNames } from '../vhost-names.js';
import { nginxLayout } from './layout.js';

export function nginxVhost(site: VhostInput, settings: WebServerSettings): string {
  const names = vhostNames(site);
  const state = site.enabled ? 'enabled' : 'disabled';
  const http = `listen ${settings.port};`;
  const tlsPort = tlsPortOf(settings);
  const secure = httpsListen(site, settings);
  const toHttps = secure !== undefined && site.tls?.mode === 'required' && site.enabled;
  const acmeRoot = site.tls === undefined ? undefined : site.docRoot;
  const blocks: string[] = [];
  if (!site.enabled) {
    blocks.push(disabledServer(names.served, http));
    if (secure !== undefined) blocks.push(disabledServer(names.served, secure));
  } else {
    blocks.push(toHttps ? redirectServer(names.served, `https://$host${tlsPortSuffix(tlsPort)}`, http, site.docRoot) : siteServer(site, names.served, settings, http));
    if (secure !== undefined) blocks.push(siteServer(site, names.served, settings, secure));
  }
  if (names.redirected.length > 0) {
    const target = toHttps ? httpsOrigin(site.uri, tlsPort) : siteOrigin(site.uri, settings.port);
    blocks.push(redirectServer(names.redirected, target, http, acmeRoot));
    if (secure !== undefined) blocks.push(redirectServer(names.redirected, httpsOrigin(site.uri, tlsPort), secure));
  }
  return `${header(`nginx vhost of ${site.uri} (${site.app} site, ${state}).`)}${blocks.join('\n')}`;
}

/** The listen and certificate lines of the https blocks; undefined without a certificate. */
function httpsListen(site: VhostInput, settings: WebServerSettings): string | undefined {
  if (site.tls?.certificate === undefined) return undefined;
  const paths = tlsPaths(nginxLayout(settings).tlsDir, site.uri);
  return `listen ${tlsPortOf(settings)} ssl;
    ssl_certificate ${nginxString(paths.certificate, 'http.configDir')};
    ssl_certificate_key ${nginxString(paths.key, 'http.configDir')};`;
}

function disabledServer(names: readonly string[], listen: string): string {
  return `server {
    ${listen}
    server_name ${names.join(' ')};
    default_type text/plain;
    return 503 ${nginxString(SITE_DISABLED_TEXT, 'disabled page')};
}
`;
}

/** A 301 of every request to `target` + the request uri; with `acmeRoot`, the ACME challenge path is served from it. */
function redirectServer(names: readonly string[], target: string, listen: string, acmeRoot?: string): string {
  if (acmeRoot === undefined) {
    return `server {
    ${listen}
    server_name ${names.join(' ')};
    return 301 ${target}$request_uri;
}
`;
  }
  return `server {
    ${listen}
    server_name ${names.join(' ')};
    location ^~ ${ACME_CHALLENGE_PATH} {
        root ${nginxString(acmeRoot, 'docRoot')};
        default_type text/plain;
        try_files $uri =404;
    }
    location / {
        return 301 ${target}$request_uri;
    }
}
`;
}

function siteServer(site: VhostInput, names: readonly string[], settings: WebServerSettings, listen: string): string {
  const rules = APP_RULES[site.app];
  const fallback = rules.frontController ? '/index.php?$query_string' : '=404';
  const privatePath = urlPathOf(site.docRoot, site.privateFilesDir, 'privateFilesDir');
  const filesPath = urlPathOf(site.docRoot, site.publicFilesDir, 'publicFilesDir');
  const denied = [
    String.raw`location ~ /\.(?!well-known/) { return 403; }`,
    `location ~* "(^|/)(${SECRET_FILE_NAMES})(/|$)" { return 403; }`,
    String.raw`location ~* ^/sites/.*\.ya?ml$ { return 403; }`,
    'location ~ ^/sites/[^/]+/private(/|$) { return 403; }',
    ...(privatePath === undefined ? [] : [`location ^~ ${nginxString(privatePath, 'privateFilesDir')} { return 403; }`]),
    ...(rules.deniedExtensions.length === 0 ? [] : [String.raw`location ~* \.(${rules.deniedExtensions.join('|')})$ { return 403; }`]),
    ...(rules.deniedDirs.length === 0 ? [] : [`location ~ ^/(${rules.deniedDirs.join('|')})(/|$) { return 403; }`]),
  ];
  const uploads = [
    String.raw`location ~* ^/sites/[^/]+/files/.*\.(${PHP_EXTENSIONS})(/|$) { return 403; }`,
    ...(filesPath === undefined ? [] : [
      `location ^~ ${nginxString(filesPath, 'publicFilesDir')} {`,
      String.raw`    location ~ /\. { return 403; }`,
      String.raw`    location ~* \.(${PHP_EXTENSIONS})$ { return 403; }`,
      `    try_files $uri ${fallback};`,
      '}',
    ]),
  ];
  const layout = nginxLayout(settings);
  return `server {
    ${listen}
    server_name ${names.join(' ')};
    root ${nginxString(site.docRoot, 'docRoot')};
    index index.php index.html;

    # Never served: dotfiles, settings and config files, private files.
${indent(denied)}

    # Uploads: static files only, never PHP.
${indent(uploads)}

    location / {
        try_files $uri $uri/ ${fallback};
    }

    # PHP through PHP-FPM, with the path after the script as PATH_INFO (/index.php/Main_Page),
    # as Apache does. Only a script that exists runs.
    location ~ [^/]\\.php(/|$) {
        fastcgi_split_path_info ^(.+?\\.php)(/.*)$;
        set $path_info $fastcgi_path_info;
        try_files $fastcgi_script_name =404;
        include ${nginxString(layout.fastcgiConf, 'http.configDir')};
        fastcgi_param PATH_INFO $path_info if_not_empty;
        fastcgi_pass unix:${socketPath(settings.phpFpmSocket, 'http.phpFpmSocket')};
    }
}
`;
}

function indent(lines: readonly string[]): string {
  return lines.map((line) => `    ${line}`).join('\n');
}
