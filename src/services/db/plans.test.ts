import { describe, expect, it } from 'vitest';
import { parseServer, type Server } from '../../model/server.js';
import { Secret } from '../../model/secrets.js';
import type { Action, SqlAction } from '../../plan/action.js';
import { createPlan } from '../../plan/build-plan.js';
import { redactPlan } from '../../plan/redact.js';
import { DB_SERVICES, dbService } from '../registry.js';
import { NO_SITE_DB_FACTS, type SiteDbFacts } from './types.js';

const PASSWORD = new Secret('s3cret-Password-0123456789abcdef');
const HOSTS = ['10.0.0.11', '10.0.0.12'];

function server(impl: 'mysql' | 'postgres' | 'null'): Server {
  const settings = impl === 'null' ? {} : { user: 'admin', password: 'admin-secret-password', port: impl === 'mysql' ? 3307 : 5433 };
  return parseServer({ alias: '@db1', host: '10.0.0.5', services: { http: { impl: 'null' }, db: { impl, settings }, files: { impl: 'local' } } });
}

function ensure(impl: 'mysql' | 'postgres', facts: SiteDbFacts): Action[] {
  return dbService(impl).ensureSiteDatabase({ server: server(impl), database: 'wiki_one', user: 'wiki_one', password: PASSWORD, grantHosts: HOSTS, facts });
}

/** Each action as `id: sql; sql` with its undo, parameters shown as they are. */
function golden(actions: readonly Action[]): string[] {
  return actions.map((action) => {
    const sqlAction = action as SqlAction;
    const text = sqlAction.statements.map((s) => `${s.sql}${s.params.length > 0 ? ` ${JSON.stringify(s.params)}` : ''}`).join('; ');
    const undo = action.undo.kind === 'sql' ? action.undo.statements.map((s) => s.sql).join('; ') : `(${action.undo.kind})`;
    return `${action.id} [${action.after.join(',')}]${sqlAction.sensitive ? ' sensitive' : ''}: ${text} || undo: ${undo}`;
  });
}

const p = 'db:@db1:wiki_one';
const pw = JSON.stringify([PASSWORD.reveal()]);

describe('db.mysql plans', () => {
  it('creates database, one account per web head and grants on that database only', () => {
    expect(golden(ensure('mysql', NO_SITE_DB_FACTS))).toEqual([
      `${p}:create-db []: CREATE DATABASE \`wiki_one\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci || undo: DROP DATABASE IF EXISTS \`wiki_one\``,
      `${p}:create-user:10.0.0.11 [] sensitive: CREATE USER 'wiki_one'@'10.0.0.11' IDENTIFIED BY ? ${pw} || undo: DROP USER IF EXISTS 'wiki_one'@'10.0.0.11'`,
      `${p}:grant:10.0.0.11 [${p}:create-db,${p}:create-user:10.0.0.11]: GRANT ALL PRIVILEGES ON \`wiki\\_one\`.* TO 'wiki_one'@'10.0.0.11' || undo: REVOKE ALL PRIVILEGES ON \`wiki\\_one\`.* FROM 'wiki_one'@'10.0.0.11'`,
      `${p}:create-user:10.0.0.12 [] sensitive: CREATE USER 'wiki_one'@'10.0.0.12' IDENTIFIED BY ? ${pw} || undo: DROP USER IF EXISTS 'wiki_one'@'10.0.0.12'`,
      `${p}:grant:10.0.0.12 [${p}:create-db,${p}:create-user:10.0.0.12]: GRANT ALL PRIVILEGES ON \`wiki\\_one\`.* TO 'wiki_one'@'10.0.0.12' || undo: REVOKE ALL PRIVILEGES ON \`wiki\\_one\`.* FROM 'wiki_one'@'10.0.0.12'`,
    ]);
  });

  it('fixes only what the facts say is off: a wrong password on one host, a missing grant, a new web head', () => {
    const facts: SiteDbFacts = {
      databaseExists: true,
      accounts: [{ host: '10.0.0.11', passwordWorks: false, privileged: true }, { host: '10.0.0.99', passwordWorks: true, privileged: true }],
    };
    const actions = dbService('mysql').ensureSiteDatabase({
      server: server('mysql'), database: 'wiki_one', user: 'wiki_one', password: PASSWORD, grantHosts: [...HOSTS, '10.0.0.11'], facts,
    });
    expect(golden(actions)).toEqual([
      `${p}:password:10.0.0.11 [] sensitive: ALTER USER 'wiki_one'@'10.0.0.11' IDENTIFIED BY ? ${pw} || undo: (none)`,
      `${p}:create-user:10.0.0.12 [] sensitive: CREATE USER 'wiki_one'@'10.0.0.12' IDENTIFIED BY ? ${pw} || undo: DROP USER IF EXISTS 'wiki_one'@'10.0.0.12'`,
      `${p}:grant:10.0.0.12 [${p}:create-user:10.0.0.12]: GRANT ALL PRIVILEGES ON \`wiki\\_one\`.* TO 'wiki_one'@'10.0.0.12' || undo: REVOKE ALL PRIVILEGES ON \`wiki\\_one\`.* FROM 'wiki_one'@'10.0.0.12'`,
    ]);
  });

  it('makes no account for a web head that an account of the user already admits with the password and every privilege (an imported site)', () => {
    const wildcard = (passwordWorks: boolean, privileged: boolean): SiteDbFacts => ({
      databaseExists: true, accounts: [{ host: '%', passwordWorks, privileged }],
    });
    expect(ensure('mysql', wildcard(true, true))).toEqual([]);
    const subnet: SiteDbFacts = { databaseExists: true, accounts: [{ host: '10.0.0.0/255.255.255.0', passwordWorks: true, privileged: true }] };
    expect(ensure('mysql', subnet)).toEqual([]);
    // Not every covering account is in order (or none covers): the exact accounts are made, as for a new web head;
    // the covering account itself is left as it is (no ALTER, no GRANT on an account Aegir did not make for a head).
    for (const facts of [wildcard(false, true), wildcard(true, false), { databaseExists: true, accounts: [{ host: '10.0.1.%', passwordWorks: true, privileged: true }] }]) {
      const ids = ensure('mysql', facts).map((action) => action.id.slice(p.length + 1));
      expect(ids).toEqual(['create-user:10.0.0.11', 'grant:10.0.0.11', 'create-user:10.0.0.12', 'grant:10.0.0.12']);
    }
  });

  it('drops the database and every account, if they exist', () => {
    const actions = dbService('mysql').dropSiteDatabase({ server: server('mysql'), database: 'wiki_one', user: 'wiki_one', grantHosts: HOSTS });
    expect(golden(actions)).toEqual([
      `${p}:drop []: DROP DATABASE IF EXISTS \`wiki_one\`; DROP USER IF EXISTS 'wiki_one'@'10.0.0.11'; DROP USER IF EXISTS 'wiki_one'@'10.0.0.12' || undo: (none)`,
    ]);
  });

  it('verifies the server with a test database and a grant/revoke round', () => {
    expect(golden(dbService('mysql').verifyServer({ server: server('mysql'), nonce: 'abc123' }))).toEqual([
      'db:@db1:verify:create-db []: CREATE DATABASE `aegir_verify_abc123` || undo: DROP DATABASE IF EXISTS `aegir_verify_abc123`',
      "db:@db1:verify:grant-revoke [db:@db1:verify:create-db]: CREATE USER 'aegir_verify_abc123'@'localhost' ACCOUNT LOCK; "
        + "GRANT ALL PRIVILEGES ON `aegir\\_verify\\_abc123`.* TO 'aegir_verify_abc123'@'localhost'; "
        + "REVOKE ALL PRIVILEGES ON `aegir\\_verify\\_abc123`.* FROM 'aegir_verify_abc123'@'localhost'; "
        + "DROP USER 'aegir_verify_abc123'@'localhost' || undo: DROP USER IF EXISTS 'aegir_verify_abc123'@'localhost'",
      'db:@db1:verify:drop-db [db:@db1:verify:grant-revoke]: DROP DATABASE `aegir_verify_abc123` || undo: (none)',
    ]);
  });
});

describe('db.postgres plans', () => {
  it('creates one login role owning the database, takes PUBLIC off it and grants the role CONNECT on it; no per-host SQL', () => {
    expect(golden(ensure('postgres', NO_SITE_DB_FACTS))).toEqual([
      `${p}:create-role [] sensitive: CREATE ROLE "wiki_one" LOGIN PASSWORD $1 ${pw} || undo: DROP ROLE IF EXISTS "wiki_one"`,
      `${p}:create-db [${p}:create-role]: CREATE DATABASE "wiki_one" OWNER "wiki_one"; REVOKE ALL ON DATABASE "wiki_one" FROM PUBLIC; `
        + `GRANT CONNECT ON DATABASE "wiki_one" TO "wiki_one" || undo: DROP DATABASE IF EXISTS "wiki_one" WITH (FORCE)`,
    ]);
  });

  it('fixes a wrong password, a wrong owner (undo gives it back) and PUBLIC access', () => {
    const facts: SiteDbFacts = {
      databaseExists: true, databaseOwner: 'someone', publicAccess: true, accounts: [{ passwordWorks: false, privileged: false }],
    };
    expect(golden(ensure('postgres', facts))).toEqual([
      `${p}:password [] sensitive: ALTER ROLE "wiki_one" WITH LOGIN PASSWORD $1 ${pw} || undo: (none)`,
      `${p}:owner []: ALTER DATABASE "wiki_one" OWNER TO "wiki_one" || undo: ALTER DATABASE "wiki_one" OWNER TO "someone"`,
      `${p}:revoke-public []: GRANT CONNECT ON DATABASE "wiki_one" TO "wiki_one"; REVOKE ALL ON DATABASE "wiki_one" FROM PUBLIC `
        + '|| undo: GRANT CONNECT, TEMPORARY ON DATABASE "wiki_one" TO PUBLIC',
    ]);
  });

  it('an existing site without its role gets the role first, then CONNECT on its database, then PUBLIC off it', () => {
    const facts: SiteDbFacts = { databaseExists: true, databaseOwner: 'wiki_one', publicAccess: true, accounts: [] };
    expect(golden(ensure('postgres', facts)).slice(1)).toEqual([
      `${p}:revoke-public [${p}:create-role]: GRANT CONNECT ON DATABASE "wiki_one" TO "wiki_one"; REVOKE ALL ON DATABASE "wiki_one" FROM PUBLIC `
        + '|| undo: GRANT CONNECT, TEMPORARY ON DATABASE "wiki_one" TO PUBLIC',
    ]);
  });

  it("verifies the server: a test database, a grant/revoke round, then PUBLIC's privileges off postgres and template1 (the admin keeps CONNECT)", () => {
    const actions = dbService('postgres').verifyServer({ server: server('postgres'), nonce: 'abc123' });
    expect(golden(actions).map((line) => line.replace(/: DO \$\$[\s\S]*\|\| undo/, ': DO ... || undo'))).toEqual([
      'db:@db1:verify:create-db []: CREATE DATABASE "aegir_verify_abc123" || undo: DROP DATABASE IF EXISTS "aegir_verify_abc123" WITH (FORCE)',
      'db:@db1:verify:grant-revoke [db:@db1:verify:create-db]: CREATE ROLE "aegir_verify_abc123" NOLOGIN; '
        + 'GRANT CONNECT ON DATABASE "aegir_verify_abc123" TO "aegir_verify_abc123"; REVOKE CONNECT ON DATABASE "aegir_verify_abc123" FROM "aegir_verify_abc123"; '
        + 'DROP ROLE "aegir_verify_abc123" || undo: DROP ROLE IF EXISTS "aegir_verify_abc123"',
      'db:@db1:verify:drop-db [db:@db1:verify:grant-revoke]: DROP DATABASE "aegir_verify_abc123" || undo: (none)',
      'db:@db1:verify:revoke-public [db:@db1:verify:drop-db]: DO ... || undo: (none)',
    ]);
    const close = (actions[3] as SqlAction).statements[0]?.sql ?? '';
    expect(close).toContain("WHERE datname IN ('postgres', 'template1')");
    expect(close).toContain('a.grantee = 0');
    expect(close).toContain("EXECUTE format('GRANT CONNECT ON DATABASE %I TO CURRENT_USER', d.datname);\n    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d.datname);");
    expect(close).toMatch(/IF NOT d\.owned THEN\n {6}RAISE EXCEPTION 'PUBLIC can still connect to %/);
  });

  it('drops the database (closing its sessions) and the role, if they exist', () => {
    const actions = dbService('postgres').dropSiteDatabase({ server: server('postgres'), database: 'wiki_one', user: 'wiki_one', grantHosts: HOSTS });
    expect(golden(actions)).toEqual([
      `${p}:drop []: DROP DATABASE IF EXISTS "wiki_one" WITH (FORCE); DROP ROLE IF EXISTS "wiki_one" || undo: (none)`,
    ]);
  });
});

const everything: Record<'mysql' | 'postgres', SiteDbFacts> = {
  mysql: { databaseExists: true, accounts: HOSTS.map((host) => ({ host, passwordWorks: true, privileged: true })) },
  postgres: { databaseExists: true, databaseOwner: 'wiki_one', publicAccess: false, accounts: [{ passwordWorks: true, privileged: true }] },
};

describe.each(['mysql', 'postgres'] as const)('db.%s, every plan', (impl) => {
  it('plans nothing when the facts say everything is as wanted', () => {
    expect(ensure(impl, everything[impl])).toEqual([]);
  });

  it('makes a valid plan whose rendering never shows the password', () => {
    const actions = [
      ...ensure(impl, NO_SITE_DB_FACTS),
      ...dbService(impl).siteLoginCheck({ server: server(impl), from: '@web1', database: 'wiki_one', user: 'wiki_one', password: PASSWORD }),
    ];
    const plan = createPlan('install', actions);
    expect(JSON.stringify(plan)).toContain(PASSWORD.reveal());
    expect(JSON.stringify(redactPlan(plan))).not.toContain(PASSWORD.reveal());
    expect(actions.filter((a) => JSON.stringify(a).includes(PASSWORD.reveal())).every((a) => 'sensitive' in a && a.sensitive)).toBe(true);
  });

  it('checks the login on the web head with a constant PHP script and the credentials on stdin', () => {
    const [check] = dbService(impl).siteLoginCheck({
      server: server(impl), from: '@web2', database: 'wiki_one', user: 'wiki_one', password: PASSWORD, dbHost: '10.0.1.5',
    });
    expect(check).toMatchObject({ kind: 'exec', server: '@web2', sensitive: true });
    if (check?.kind !== 'exec') throw new Error('not an exec');
    expect(check.argv.slice(0, 2)).toEqual(['php', '-r']);
    expect(check.argv.join(' ')).not.toContain('wiki_one');
    expect(JSON.parse(check.stdin ?? '')).toEqual({
      driver: impl === 'mysql' ? 'mysql' : 'pgsql', host: '10.0.1.5', port: impl === 'mysql' ? 3307 : 5433,
      dbname: 'wiki_one', user: 'wiki_one', password: PASSWORD.reveal(),
    });
  });

  it('refuses names that are not identifiers before any SQL is built', () => {
    expect(() => dbService(impl).ensureSiteDatabase({
      server: server(impl), database: 'wiki`; DROP', user: 'wiki', password: PASSWORD, grantHosts: HOSTS, facts: NO_SITE_DB_FACTS,
    })).toThrow(/database/);
    expect(() => dbService(impl).verifyServer({ server: server(impl), nonce: 'X; DROP' })).toThrow(/nonce/);
  });
});

describe.each([
  { impl: 'mysql' as const, hash: `*${'AB12'.repeat(10)}`, sql: "ALTER USER 'wiki_one'@'10.0.0.11' IDENTIFIED WITH mysql_native_password AS ?" },
  { impl: 'postgres' as const, hash: 'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy', sql: 'ALTER ROLE "wiki_one" WITH PASSWORD $1' },
])('db.$impl password change', ({ impl, hash, sql }) => {
  it('is undone by putting the stored hash back, as a sensitive parameter', () => {
    const account = { host: '10.0.0.11', passwordWorks: false, privileged: true, passwordHash: new Secret(hash) };
    const facts: SiteDbFacts = impl === 'mysql'
      ? { databaseExists: true, accounts: [account, { host: '10.0.0.12', passwordWorks: true, privileged: true }] }
      : { databaseExists: true, databaseOwner: 'wiki_one', publicAccess: false, accounts: [{ ...account, host: undefined }] };
    const [change, ...rest] = ensure(impl, facts);
    expect(rest).toEqual([]);
    expect(change?.undo).toEqual({ kind: 'sql', statements: [{ sql, params: [hash] }] });
    expect(JSON.stringify(redactPlan(createPlan('verify', [change as Action])))).not.toContain(hash);
  });

  it('has no undo when the stored hash is unknown or of another kind', () => {
    const account = { host: '10.0.0.11', passwordWorks: false, privileged: true, passwordHash: new Secret('unix_socket') };
    const facts: SiteDbFacts = { databaseExists: true, databaseOwner: 'wiki_one', publicAccess: false, accounts: [account, { ...account, host: '10.0.0.12' }] };
    expect(ensure(impl, facts)[0]?.undo.kind).toBe('none');
  });
});

describe('db.null and the registry', () => {
  it('maps every db implementation to its service, and db.null plans nothing', () => {
    expect(Object.keys(DB_SERVICES).sort()).toEqual(['mysql', 'null', 'postgres']);
    expect(dbService('postgres').id).toBe('db.postgres');
    const nul = dbService('null');
    expect(nul.verifyServer({ server: server('null'), nonce: 'a' })).toEqual([]);
    expect(nul.ensureSiteDatabase({ server: server('null'), database: 'a', user: 'a', password: PASSWORD, grantHosts: HOSTS, facts: NO_SITE_DB_FACTS })).toEqual([]);
    expect(nul.dropSiteDatabase({ server: server('null'), database: 'a', user: 'a', grantHosts: HOSTS })).toEqual([]);
  });
});

describe('the db server self-test and login checks are checks, not changes', () => {
  it.each(['mysql', 'postgres'] as const)('%s: every verify action and the login check is check-only (ok when it passes)', (impl) => {
    const verify = dbService(impl).verifyServer({ server: server(impl), nonce: 'abc123' });
    expect(verify.length).toBeGreaterThanOrEqual(3);
    expect(verify.every((a) => a.checkOnly === true)).toBe(true);
    const login = dbService(impl).siteLoginCheck({ server: server(impl), database: 'wiki_one', user: 'wiki_one', password: PASSWORD, from: '@web1' });
    expect(login.map((a) => a.checkOnly)).toEqual([true]);
    // What a site's database needs is a change.
    const ensure = dbService(impl).ensureSiteDatabase({ server: server(impl), database: 'wiki_one', user: 'wiki_one', password: PASSWORD, grantHosts: HOSTS, facts: NO_SITE_DB_FACTS });
    expect(ensure.every((a) => a.checkOnly === undefined)).toBe(true);
  });
});
