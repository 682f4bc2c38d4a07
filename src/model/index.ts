/** The public API of the model: entity schemas and types, names, rules and secrets. */
export { AegirError, ConflictError, NotFoundError, ValidationError } from './errors.js';
export { accept, refuse, parseWith, schemaOf, type Check } from './check.js';
export { checkDnsName, checkHost } from './dns-name.js';
export { checkAlias, checkBoolean, checkClientName, checkEntityAlias, checkPort, checkUserName } from './names.js';
export { checkAbsolutePath } from './paths.js';
export {
  absolutePathSchema,
  aliasSchema,
  booleanSchema,
  clientNameSchema,
  dnsNameSchema,
  entityAliasSchema,
  hostSchema,
  parseAbsolutePath,
  parseAlias,
  parseClientName,
  parseDnsName,
  parseEntityAlias,
  parseHost,
  parsePort,
  parseUri,
  parseUserName,
  portSchema,
  userNameSchema,
} from './fields.js';
export {
  SERVICE_IDS,
  SERVICE_IMPLEMENTATIONS,
  SERVICE_TYPES,
  isServiceImpl,
  isServiceType,
  type ServiceId,
  type ServiceImpl,
  type ServiceType,
} from './service.js';
export {
  dbServiceSchema,
  filesServiceSchema,
  httpServiceSchema,
  serviceBundleSchema,
  type DbService,
  type FilesService,
  type HttpService,
  type ServiceBundle,
} from './service-bundle.js';
export { SETTINGS_SCHEMAS, settingKeys, settingsSchema, type SettingsOf } from './settings/registry.js';
export { parseServer, serverSchema, type Server } from './server.js';
export { applySettings, parseServerInput, type ServerInput } from './server-input.js';
export { clusterSchema, parseCluster, type Cluster } from './cluster.js';
export type { AppCodeFacts, PlatformCodeFacts, ProbedPath } from './platform-code.js';
export { APP_KINDS, parsePlatform, platformSchema, type AppKind, type Platform } from './platform.js';
export { SITE_STATUSES, parseSite, siteSchema, uriOfAlias, type Site, type SiteStatus } from './site.js';
export {
  certificateDue, certificateNames, siteCertificateSchema, TLS_ISSUERS, TLS_MODES, tlsIssuerOf, tlsModeOf,
  type SiteCertificate, type SiteTlsFields, type TlsIssuer, type TlsMode,
} from './site-tls.js';
export { clientSchema, parseClient, type Client } from './client.js';
export { EMPTY_INVENTORY, findAlias, webHeadsOf, type EntityKind, type Inventory } from './inventory.js';
export { platformOf, serverByAlias, siteOf, siteServers, sitesOfPlatform, webServersOf } from './navigation.js';
export { parseEntity, toValidationError, type ParseOptions } from './zod-issues.js';
export { KEY_BYTES, REDACTED, SECRET_KEY_FILE, Secret, SecretBox, generateSecret } from './secrets.js';
export { RESERVED_DB_NAMES, RESERVED_DB_PREFIXES, reservedDbName } from './db-names.js';
export { checkAdminNotSiteName, checkSiteDbNames, dbAdminUser } from './site-db-names.js';
export { checkAliasFree, checkClientFree, checkCluster, checkPlatform, checkServer, checkServerIsCoherent, checkSite } from './rules.js';
export { checkGroupName, checkNewClientName } from './names.js';
export { checkPlainPath, PLAIN_PATH_MAX } from './plain-path.js';
export { isBelow, isWithin, pathRelation } from './paths.js';
export { hubHomeProblem, secretTreeProblem, systemPathProblem, SECRET_TREES, SHARED_DIRS, SYSTEM_TREES, type HubPaths } from './system-paths.js';
export { HUB_ALIAS, isHubServer, isLoopbackHost, LOOPBACK_HOSTS, machineOf } from './hub-server.js';
export { checkPlatformRoot, checkPlatformSource, platformBasesOf, rootPlacementProblem } from './platform-paths.js';
export { checkRemovalPath, ownedPathsOn, removalConflicts, siteDirOf, type OwnedPath, type PathOwner, type PathRemoval } from './owned-paths.js';
export { checkSiteName } from './site-name.js';
export {
  checkClientRemoval,
  checkRemoval,
  describeUsers,
  usersOfClient,
  usersOfCluster,
  usersOfPlatform,
  usersOfServer,
  type Usage,
} from './usage.js';
