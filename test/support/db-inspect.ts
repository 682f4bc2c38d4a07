/**
 * What a fixture host's database servers hold, asked as their local superuser (not through
 * Aegir): databases and accounts, to prove a site's were made or are gone.
 */
import type { Fixture } from '../fixture/index.js';

export interface DbInventory {
  readonly databases: readonly string[];
  /** MariaDB: `user@host`; PostgreSQL: role names. */
  readonly users: readonly string[];
}

async function lines(fixture: Fixture, host: string, argv: string[], user?: string): Promise<string[]> {
  const result = await fixture.run(host, argv, user === undefined ? {} : { user });
  if (result.exitCode !== 0) throw new Error(`${host}: ${argv.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '').sort();
}

/** One query through the MariaDB socket as root; rows as tab-separated lines. */
export function mariadbQuery(fixture: Fixture, host: string, sql: string): Promise<string[]> {
  return lines(fixture, host, ['mariadb', '--socket=/run/mysqld/mysqld.sock', '-u', 'root', '-N', '-B', '-e', sql]);
}

/** One query through the PostgreSQL socket as postgres, in `database`; rows as |-separated lines. */
export function postgresQuery(fixture: Fixture, host: string, sql: string, database = 'postgres'): Promise<string[]> {
  return lines(fixture, host, ['psql', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '/run/postgresql', '-U', 'postgres', '-d', database, '-c', sql], 'postgres');
}

export async function mariadbInventory(fixture: Fixture, host: string): Promise<DbInventory> {
  return {
    databases: await mariadbQuery(fixture, host, 'SHOW DATABASES'),
    users: await mariadbQuery(fixture, host, "SELECT CONCAT(User, '@', Host) FROM mysql.user"),
  };
}

export async function postgresInventory(fixture: Fixture, host: string): Promise<DbInventory> {
  return {
    databases: await postgresQuery(fixture, host, 'SELECT datname FROM pg_database'),
    users: await postgresQuery(fixture, host, 'SELECT rolname FROM pg_roles'),
  };
}
