/**
 * The nginx vhost of one site: a server block for its names (the site, or its disabled page)
 * and, when its aliases redirect, a server block answering them with a 301 to the uri.
 */
import { APP_RULES, header, PHP_EXTENSIONS, SECRET_FILE_NAMES, SITE_DISABLED_TEXT } from '../app-rules.js';
import { nginxString, socketPath } from '../quote.js';
import { urlPathOf } from '../site-paths.js';
import type { VhostInput, WebServerSettings } from '../types.js';
import { siteOrigin, vhostNames } from '../vhost-names.js';
import { nginxLayout } from './layout.js';

export function nginxVhost(site: VhostInput, settings: WebServerSettings): string {
  const names = vhostNames(site);
  const state = site.enabled ? 'enabled' : 'disabled';
  const blocks = [site.enabled ? siteServer(site, names.served, settings) : disabledServer(names.served, settings.port)];
  if (names.redirected.length > 0) blocks.push(redirectServer(names.redirected, site.uri, settings.port));
  return `${header(`nginx vhost of ${site.uri} (${site.app} site, ${state}).`)}${blocks.join('\n')}`;
}

function disabledServer(names: readonly string[], port: number): string {
  return `server {
    listen ${port};
    server_name ${names.join(' ')};
    default_type text/plain;
    return 503 ${nginxString(SITE_DISABLED_TEXT, 'disabled page')};
}
`;
}

function redirectServer(names: readonly string[], uri: string, port: number): string {
  return `server {
    listen ${port};
    server_name ${names.join(' ')};
    return 301 ${siteOrigin(uri, port)}$request_uri;
}
`;
}

function siteServer(site: VhostInput, names: readonly string[], settings: WebServerSettings): string {
  const rules = APP_RULES[site.app];
  const fallback = rules.frontController ? '/index.php?$query_string' : '=404';
  const privatePath = urlPathOf(site.docRoot, site.privateFilesDir, 'privateFilesDir');
  const filesPath = urlPathOf(site.docRoot, site.publicFilesDir, 'publicFilesDir');
  const denied = [
    String.raw`location ~ /\.(?!well-known/) { return 403; }`,
    `location ~* "(^|/)(${SECRET_FILE_NAMES})$" { return 403; }`,
    String.raw`location ~* ^/sites/.*\.ya?ml$ { return 403; }`,
    'location ~ ^/sites/[^/]+/private(/|$) { return 403; }',
    ...(privatePath === undefined ? [] : [`location ^~ ${nginxString(privatePath, 'privateFilesDir')} { return 403; }`]),
    ...(rules.deniedExtensions.length === 0 ? [] : [String.raw`location ~* \.(${rules.deniedExtensions.join('|')})$ { return 403; }`]),
    ...(rules.deniedDirs.length === 0 ? [] : [`location ~ ^/(${rules.deniedDirs.join('|')})(/|$) { return 403; }`]),
  ];
  const uploads = [
    String.raw`location ~* ^/sites/[^/]+/files/.*\.(${PHP_EXTENSIONS})$ { return 403; }`,
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
    listen ${settings.port};
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

    # PHP through PHP-FPM.
    location ~ \\.php$ {
        try_files $fastcgi_script_name =404;
        include ${nginxString(layout.fastcgiConf, 'http.configDir')};
        fastcgi_pass unix:${socketPath(settings.phpFpmSocket, 'http.phpFpmSocket')};
    }
}
`;
}

function indent(lines: readonly string[]): string {
  return lines.map((line) => `    ${line}`).join('\n');
}
