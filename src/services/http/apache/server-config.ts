/**
 * Apache server-level config: the modules the Aegir vhosts use (loaded only when the main config
 * has not loaded them), a default vhost answering 404 for unknown hosts, and the include of the
 * vhost directory. mod_unixd is built into Debian's apache2 and the MPM comes from the main
 * config, so neither is loaded here. No `Listen` for http: the port must be one Apache already
 * listens on (Debian's ports.conf listens on 80); the https port is listened on with mod_ssl.
 */
import { GENERATION_HEADER, GENERATION_PATTERN } from '../../../plan/build-check-actions.js';
import { header } from '../app-rules.js';
import { apacheString, globFree } from '../quote.js';
import type { ConfigFile, WebServerSettings } from '../types.js';
import { tlsPortOf } from '../tls-files.js';
import { APACHE_MODULE_DIR, apacheLayout } from './layout.js';

/** Module identifiers and their files, in load order (proxy before proxy_fcgi). */
export const APACHE_MODULES: readonly (readonly [string, string])[] = [
  ['authz_core_module', 'mod_authz_core.so'],
  ['alias_module', 'mod_alias.so'],
  ['dir_module', 'mod_dir.so'],
  ['rewrite_module', 'mod_rewrite.so'],
  ['headers_module', 'mod_headers.so'],
  ['proxy_module', 'mod_proxy.so'],
  ['proxy_fcgi_module', 'mod_proxy_fcgi.so'],
];

export function apacheServerConfig(settings: WebServerSettings): ConfigFile[] {
  const layout = apacheLayout(settings);
  const modules = APACHE_MODULES.map(([id, file]) => `<IfModule !${id}>
    LoadModule ${id} ${apacheString(`${APACHE_MODULE_DIR}/${file}`, 'module')}
</IfModule>`);
  const include = apacheString(`${globFree(layout.vhostDir, 'http.configDir')}/*.conf`, 'http.configDir');
  const generation = apacheString(globFree(layout.generationFile, 'http.configDir'), 'http.configDir');
  const content = `${header('Aegir server-level config for Apache.')}
${modules.join('\n')}

# https for TLS sites: mod_ssl, and its port when the main config did not load it (then its
# ports.conf did not listen on the https port either).
<IfModule !ssl_module>
    LoadModule ssl_module ${apacheString(`${APACHE_MODULE_DIR}/mod_ssl.so`, 'module')}
    Listen ${tlsPortOf(settings)}
</IfModule>

# Requests for a host no site answers to: the first vhost on a port is Apache's default. Every
# answer names the config generation: after a reload Aegir waits until the new one answers.
<VirtualHost *:${settings.port}>
    ServerName default.invalid
    Include ${generation}
    Redirect 404 /
</VirtualHost>

IncludeOptional ${include}
`;
  return [{ name: 'server-config', path: layout.serverConf, content }];
}

/** The file the default vhost includes: the generation token in a header of every answer. */
export function apacheGenerationConfig(token: string): string {
  if (GENERATION_PATTERN.exec(token)?.[0] !== token) throw new Error(`not a generation token: ${token}`);
  return `${header('The config generation the Apache default vhost names in its answers.')}Header always set ${GENERATION_HEADER} "${token}"\n`;
}
