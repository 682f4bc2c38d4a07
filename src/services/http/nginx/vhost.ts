/**
 * How nginx writes the blocks of a site's vhost (chosen in ../vhost-blocks.ts): a server block
 * per block, listening on the http port or, with the certificate lines, on the https port.
 */
import type { AppWebRules } from '../../../apps/index.js';
import { PHP_EXTENSIONS, SECRET_FILE_NAMES, SITE_DISABLED_TEXT } from '../app-rules.js';
import { nginxString, socketPath } from '../quote.js';
import { urlPathOf } from '../site-paths.js';
import { ACME_CHALLENGE_PATH, tlsPortSuffix } from '../tls-files.js';
import type { VhostInput, WebServerSettings } from '../types.js';
import type { BlockListen, RedirectTarget, VhostRenderer } from '../vhost-blocks.js';
import { nginxLayout } from './layout.js';

export const nginxVhost: VhostRenderer = {
  name: 'nginx',
  site: (block, site, rules, settings) => siteServer(site, rules, block.names, settings, listenLines(block.listen)),
  disabled: (block) => disabledServer(block.names, listenLines(block.listen)),
  redirect: (block) => redirectServer(block.names, targetOf(block.target), listenLines(block.listen), block.acmeRoot),
};

/** The listen line, and on https the certificate lines. */
function listenLines(listen: BlockListen): string {
  if (!listen.tls) return `listen ${listen.port};`;
  return `listen ${listen.port} ssl;
    ssl_certificate ${nginxString(listen.certificate.certificate, 'http.configDir')};
    ssl_certificate_key ${nginxString(listen.certificate.key, 'http.configDir')};`;
}

function targetOf(target: RedirectTarget): string {
  return target.kind === 'origin' ? target.origin : `https://$host${tlsPortSuffix(target.port)}`;
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

function siteServer(site: VhostInput, rules: AppWebRules, names: readonly string[], settings: WebServerSettings, listen: string): string {
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
