import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, appendFileSync, chownSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL for tests. `AEGIR_TEST_DATABASE_URL` points at an existing server; otherwise a
 * throwaway cluster is created (initdb into a temp dir, trust auth, fsync off, a unix socket in the
 * temp dir and a free TCP port on 127.0.0.1), started once per test file and deleted at the end.
 * Every `createTestDatabase()` is a fresh database with a random name.
 *
 * Without PostgreSQL binaries, `postgresSkipReason` says why the PostgreSQL tests are skipped;
 * with `AEGIR_REQUIRE_ALL=1` they are not skipped and fail with that reason instead.
 */

const DEBIAN_BIN = '/usr/lib/postgresql/15/bin';

interface Cluster {
  readonly adminUrl: string;
  readonly stop: () => void;
}

let cluster: Cluster | undefined;
const databases: { url: string; name: string }[] = [];

function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', DEBIAN_BIN];
  for (const dir of dirs) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

function missingReason(): string | undefined {
  if (process.env.AEGIR_TEST_DATABASE_URL) return undefined;
  const missing = ['initdb', 'pg_ctl'].filter((b) => findBinary(b) === undefined);
  if (missing.length === 0) return undefined;
  return `PostgreSQL binaries not found (${missing.join(', ')}): install postgresql or set AEGIR_TEST_DATABASE_URL`;
}

const reason = missingReason();

/** Why PostgreSQL tests are skipped here, or undefined when they run (or must run). */
export const postgresSkipReason: string | undefined = process.env.AEGIR_REQUIRE_ALL === '1' ? undefined : reason;

function runAs(argv: readonly string[], user: string | undefined): void {
  const [cmd, ...args] = user === undefined ? argv : ['runuser', '-u', user, '--', ...argv];
  const result = spawnSync(cmd as string, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}${result.stdout}`);
  }
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startCluster(): Promise<Cluster> {
  if (reason !== undefined) throw new Error(reason);
  const initdb = findBinary('initdb') as string;
  const pgCtl = findBinary('pg_ctl') as string;
  const user = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'aegir-pg-'));
  const data = join(dir, 'data');
  if (user !== undefined) {
    const ids = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  runAs([initdb, '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], user);
  const port = await freePort();
  appendFileSync(
    join(data, 'postgresql.conf'),
    [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, 'fsync = off',
      'synchronous_commit = off', 'full_page_writes = off', ''].join('\n'),
  );
  runAs([pgCtl, '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], user);
  const stop = (): void => {
    spawnSync(user === undefined ? pgCtl : 'runuser', user === undefined
      ? ['-D', data, '-m', 'immediate', '-w', 'stop']
      : ['-u', user, '--', pgCtl, '-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database; starts the throwaway server on first use. Returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const externalUrl = process.env.AEGIR_TEST_DATABASE_URL;
  if (externalUrl === undefined || externalUrl === '') cluster ??= await startCluster();
  const adminUrl = externalUrl || (cluster as Cluster).adminUrl;
  const name = `aegir_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (client) => client.query(`create database ${name}`));
  databases.push({ url: adminUrl, name });
  return withDatabase(adminUrl, name);
}

/** Drops the databases this file created and stops the throwaway server. Call in afterAll. */
export async function stopTestPostgres(): Promise<void> {
  for (const { url, name } of databases.splice(0)) {
    if (cluster !== undefined) continue;
    await admin(url, (client) => client.query(`drop database if exists ${name} with (force)`)).catch(() => undefined);
  }
  if (cluster !== undefined) {
    process.removeListener('exit', cluster.stop);
    cluster.stop();
    cluster = undefined;
  }
}
