/** The hub's admin connections to db servers: SQL runners (mysql2, pg), bounded, pooled, scrubbed of secrets. */
export { adminAccount, DEFAULT_CONNECT_TIMEOUT_MS, type ConnectOptions, type DbConnection, type Row, type SqlParam } from './connection.js';
export { DbError } from './db-error.js';
export { MysqlRunner } from './mysql-runner.js';
export { PostgresRunner } from './postgres-runner.js';
export { inlineParams, postgresLiteral } from './postgres-literals.js';
export { openDbConnection, sqlRunners } from './open.js';
export { scrubMessage } from './scrub.js';
