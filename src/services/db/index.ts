/** The db services: planning (pure). The I/O side (runners, facts) is in ./runtime/. */
export { DB_SERVICES, dbService } from '../registry.js';
export { mysqlDbService } from './mysql.js';
export { postgresDbService } from './postgres.js';
export { nullDbService } from './null.js';
export { RESERVED_DB_NAMES, SITE_DB_NAME_MAX, siteDbNames, type SiteDbNames } from './names.js';
export {
  IDENTIFIER_PATTERN, MYSQL_HOST_PATTERN, MYSQL_USER_MAX, checkIdentifier, mysqlGrantDatabase, mysqlGrantPattern,
  quoteMysqlAccount, quoteMysqlIdentifier, quotePostgresIdentifier,
} from './identifiers.js';
export { adoptionProblems, checkAdoption, type AdoptionFacts, type AdoptionRequest } from './adoption.js';
export { mysqlHostCovers } from './mysql-hosts.js';
export { LOGIN_CHECK_SCRIPT, LOGIN_CHECK_TIMEOUT_MS } from './login-check.js';
export {
  NO_SITE_DB_FACTS,
  type DbAccountFacts, type DbService, type DbServiceId, type DropSiteDatabaseRequest, type EnsureSiteDatabaseRequest,
  type SiteDbFacts, type SiteLoginCheckRequest, type VerifyServerRequest,
} from './types.js';
