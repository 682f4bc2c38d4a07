/** The I/O side of the db services: admin connections (SQL runners) and facts. */
export { adminAccount, DEFAULT_CONNECT_TIMEOUT_MS, type ConnectOptions, type DbConnection, type Row, type SqlParam } from './connection.js';
export { DbError } from './db-error.js';
export { gatherAdoptionFacts, gatherDbFacts, listDatabases, takenDbNames, type FactsRequest } from './facts.js';
export { MysqlRunner } from './mysql-runner.js';
export { PostgresRunner } from './postgres-runner.js';
export { inlineParams, postgresLiteral } from './postgres-literals.js';
export { openDbConnection, sqlRunners } from './open.js';
export { scrubMessage } from './scrub.js';
