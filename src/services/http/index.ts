/** The public API of the http services: nginx, Apache and null vhosts and their plan actions. */
export { APP_RULES, SITE_DISABLED_TEXT, type AppRules } from './app-rules.js';
export { APACHE_MODULE_DIR, apacheLayout, type ApacheLayout } from './apache/layout.js';
export { apacheHttpService } from './apache/service.js';
export { nginxLayout, type NginxLayout } from './nginx/layout.js';
export { nginxHttpService } from './nginx/service.js';
export { nullHttpService } from './null-service.js';
export { apacheRegex, apacheString, globFree, hostName, nginxString, regexLiteral, socketPath } from './quote.js';
export { bindHttpService, HTTP_SERVICES, httpService, type BoundHttpService } from './registry.js';
export { checkVhostPaths, urlPathOf, vhostInputOf, type VhostDirs } from './site-paths.js';
export { ACME_CHALLENGE_PATH, DEFAULT_TLS_PORT, tlsPaths, tlsPortOf, type TlsPaths } from './tls-files.js';
export {
  HTTP_SERVICE_IDS,
  type ConfigFile,
  type HttpPlanRequest,
  type HttpService,
  type HttpServiceId,
  type SitePlanRequest,
  type VhostChange,
  type VhostInput,
  type VhostTls,
  type WebServerSettings,
} from './types.js';
