/** The public API of the http services: nginx, Apache and null vhosts and their plan actions. */
export { SITE_DISABLED_TEXT } from './app-rules.js';
export { APACHE_MODULE_DIR, apacheLayout, type ApacheLayout } from './apache/layout.js';
export { apacheHttpService } from './apache/service.js';
export { nginxLayout, type NginxLayout } from './nginx/layout.js';
export { nginxHttpService } from './nginx/service.js';
export { nullHttpService } from './null-service.js';
export { apacheRegex, apacheString, globFree, hostName, nginxString, regexLiteral, socketPath } from './quote.js';
export { bindHttpService, bindSettings, type BoundHttpService } from './bind.js';
export { HTTP_SERVICES, httpService } from '../registry.js';
export { renderVhost, vhostBlocks, type BlockListen, type RedirectTarget, type VhostBlock, type VhostRenderer } from './vhost-blocks.js';
export { webHttpService, type NamedPath, type WebServerDialect } from './web-service.js';
export { checkVhostPaths, urlPathOf, vhostInputOf, type VhostDirs } from './site-paths.js';
export { ACME_CHALLENGE_PATH, DEFAULT_TLS_PORT, tlsPaths, tlsPortOf, type TlsPaths } from './tls-files.js';
export {
  type ConfigFile,
  type HttpPlanRequest,
  type HttpService,
  type HttpServiceId,
  type ServedSite,
  type ServerPlanRequest,
  type SitePlanRequest,
  type VhostChange,
  type VhostInput,
  type VhostTls,
  type WebServerSettings,
} from './types.js';
