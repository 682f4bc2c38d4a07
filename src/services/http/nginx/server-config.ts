/**
 * nginx server-level config: server name hashes big enough for every name of the sites it serves
 * (thousands of names of up to 253 characters at least), a default server answering 404 for
 * unknown hosts (and refusing TLS handshakes for them), and the include of the vhost directory.
 * Plus the FastCGI parameters every vhost includes, so vhosts do not depend on the distribution's files.
 */
import { GENERATION_HEADER, GENERATION_PATTERN } from '../../../plan/build-check-actions.js';
import { header } from '../app-rules.js';
import { globFree, nginxString } from '../quote.js';
import type { ConfigFile, ServedSite, WebServerSettings } from '../types.js';
import { tlsPortOf } from '../tls-files.js';
import { nginxLayout } from './layout.js';

/** Enough for thousands of names of up to 253 characters: the least the hash is sized for. */
export const NGINX_SERVER_NAMES_HASH_MAX_SIZE = 8192;
/** Holds any DNS name (253 characters) with nginx's per-name overhead. */
export const NGINX_SERVER_NAMES_HASH_BUCKET_SIZE = 512;

/** The hash max size for `names` server names: the least size, or twice their number (a power of two) when more. */
export function serverNamesHashMaxSize(names: number): number {
  let size = NGINX_SERVER_NAMES_HASH_MAX_SIZE;
  while (size < names * 2) size *= 2;
  return size;
}

export function nginxServerConfig(settings: WebServerSettings, sites: readonly ServedSite[] = []): ConfigFile[] {
  const layout = nginxLayout(settings);
  const names = sites.reduce((count, site) => count + 1 + site.aliases.length, 0);
  const include = nginxString(`${globFree(layout.vhostDir, 'http.configDir')}/*.conf`, 'http.configDir');
  const generation = nginxString(globFree(layout.generationFile, 'http.configDir'), 'http.configDir');
  const server = `${header('Aegir server-level config for nginx, included inside http {}.')}
server_names_hash_max_size ${serverNamesHashMaxSize(names)};
server_names_hash_bucket_size ${NGINX_SERVER_NAMES_HASH_BUCKET_SIZE};

# Requests for a host no site answers to. Every answer names the config generation: after a
# reload Aegir waits until the new one answers.
server {
    listen ${settings.port} default_server;
    server_name _;
    include ${generation};
    return 404;
}

# TLS handshakes for a host no site has a certificate for are refused.
server {
    listen ${tlsPortOf(settings)} ssl default_server;
    server_name _;
    ssl_reject_handshake on;
}

include ${include};
`;
  return [
    { name: 'server-config', path: layout.serverConf, content: server },
    { name: 'fastcgi', path: layout.fastcgiConf, content: fastcgiParams() },
  ];
}

/** The file the default server includes: the generation token in a header of every answer. */
export function nginxGenerationConfig(token: string): string {
  if (GENERATION_PATTERN.exec(token)?.[0] !== token) throw new Error(`not a generation token: ${token}`);
  return `${header('The config generation the nginx default server names in its answers.')}add_header ${GENERATION_HEADER} "${token}" always;\n`;
}

const PARAMS: readonly (readonly [string, string])[] = [
  ['QUERY_STRING', '$query_string'],
  ['REQUEST_METHOD', '$request_method'],
  ['CONTENT_TYPE', '$content_type'],
  ['CONTENT_LENGTH', '$content_length'],
  ['SCRIPT_NAME', '$fastcgi_script_name'],
  ['SCRIPT_FILENAME', '$document_root$fastcgi_script_name'],
  ['REQUEST_URI', '$request_uri'],
  ['DOCUMENT_URI', '$document_uri'],
  ['DOCUMENT_ROOT', '$document_root'],
  ['SERVER_PROTOCOL', '$server_protocol'],
  ['REQUEST_SCHEME', '$scheme'],
  ['HTTPS', '$https if_not_empty'],
  ['GATEWAY_INTERFACE', 'CGI/1.1'],
  ['SERVER_SOFTWARE', 'nginx/$nginx_version'],
  ['REMOTE_ADDR', '$remote_addr'],
  ['REMOTE_PORT', '$remote_port'],
  ['SERVER_ADDR', '$server_addr'],
  ['SERVER_PORT', '$server_port'],
  // The first server_name of the vhost, never the client's Host header: apps pick the site by it.
  ['SERVER_NAME', '$server_name'],
  ['REDIRECT_STATUS', '200'],
  ['HTTP_PROXY', '""'],
];

function fastcgiParams(): string {
  const lines = PARAMS.map(([name, value]) => `fastcgi_param ${name.padEnd(17)} ${value};`);
  return `${header('FastCGI parameters for PHP-FPM, included by every Aegir vhost.')}${lines.join('\n')}\n`;
}
