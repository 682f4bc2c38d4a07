import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../src/engine/execute.js';
import type { ExecutorEvent, PlanResult } from '../../src/engine/types.js';
import { parseServer, type Server } from '../../src/model/server.js';
import { Secret, generateSecret } from '../../src/model/secrets.js';
import type { Action } from '../../src/plan/action.js';
import { exec, sql, sqlStatement } from '../../src/plan/build-command-actions.js';
import { createPlan } from '../../src/plan/build-plan.js';
import { dbService } from '../../src/services/registry.js';
import { gatherDbFacts, takenDbNames } from '../../src/engine/facts/db/facts.js';
import { DbError, openDbConnection, sqlRunners, type DbConnection } from '../../src/transport/sql/index.js';
import { SshTransport } from '../../src/transport/ssh.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

/** Fixture host of a server alias: the db servers live on db1. */
const hostOf = (alias: string): string => (['@db1', '@pg1', '@pgsmall'].includes(alias) ? 'db1' : alias.slice(1));

describeWithFixture('db.mysql and db.postgres on a db server with two web heads', () => {
  const fixture = useFixture({ hosts: ['db1', 'web1', 'web2', 'web3'] });
  const servers = new Map<string, Server>();
  const transcript: string[] = [];
  const passwords: string[] = [];
  const transports: SshTransport[] = [];

  beforeAll(async () => {
    const fx = fixture();
    const [maria, pg] = await Promise.all([fx.startMariadb('db1'), fx.startPostgres('db1')]);
    const address = fx.host('db1').address;
    for (const [alias, impl, admin] of [['@db1', 'mysql', maria], ['@pg1', 'postgres', pg]] as const) {
      servers.set(alias, parseServer({
        alias, host: address,
        services: { http: { impl: 'null' }, db: { impl, settings: { user: admin.user, password: admin.password } }, files: { impl: 'rsync' } },
      }));
    }
  });
  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
  });

  const server = (alias: string): Server => {
    const found = servers.get(alias);
    if (found === undefined) throw new Error(`no server ${alias}`);
    return found;
  };
  const address = (host: string): string => fixture().host(host).address;
  /** `succeeded`, or the failure (action, server, reason) so a failing test says why. */
  const outcome = (result: PlanResult): unknown => result.failure ?? result.status;

  /** Runs actions with the real executor: ssh to the hosts, the db runners to the db servers. */
  async function run(title: string, actions: readonly Action[]): Promise<PlanResult> {
    const fx: Fixture = fixture();
    const runners = sqlRunners(server);
    const events: ExecutorEvent[] = [];
    try {
      const result = await execute(createPlan(title, actions), {
        sql: runners.sql,
        onEvent: (event) => events.push(event),
        transports: (alias) => {
          const transport = new SshTransport({
            server: alias, host: address(hostOf(alias)), port: 22, user: 'root', identityFile: fx.ssh.identityFile,
            knownHostsFile: fx.ssh.knownHostsFile, controlDir: fx.ssh.controlDir, connectTimeoutMs: 5000,
          });
          transports.push(transport);
          return transport;
        },
      });
      transcript.push(JSON.stringify(result), JSON.stringify(events));
      return result;
    } finally {
      await runners.close();
    }
  }

  describe.each([
    { impl: 'mysql' as const, alias: '@db1' },
    { impl: 'postgres' as const, alias: '@pg1' },
  ])('$impl', ({ impl, alias }) => {
    const service = dbService(impl);
    let admin: DbConnection;
    const grantHosts = (): string[] => [address('web1'), address('web2')];
    const site = { database: '', user: '', password: generateSecret() };
    const other = { database: '', user: '', password: generateSecret() };
    passwords.push(site.password.reveal(), other.password.reveal());

    beforeAll(() => {
      admin = openDbConnection(server(alias));
      passwords.push((server(alias).services.db.settings as { password: Secret }).password.reveal());
    });
    afterAll(async () => admin.close());

    const facts = (s: { database: string; user: string; password: Secret }) =>
      gatherDbFacts(admin, { ...s, grantHosts: grantHosts() });
    const ensure = async (s: { database: string; user: string; password: Secret }): Promise<Action[]> =>
      service.ensureSiteDatabase({ server: server(alias), ...s, grantHosts: grantHosts(), facts: await facts(s) });
    /** Login checks from the hosts, after `before` (the actions that set the account up). */
    const loginChecks = (s: { database: string; user: string; password: Secret }, from: readonly string[], before: readonly Action[] = []): Action[] =>
      from.flatMap((host) => service.siteLoginCheck({ server: server(alias), from: `@${host}`, ...s, after: before.map((a) => a.id) }));
    /** A login from the hub itself with the site's own credentials: `connected`, or the server's error code. */
    const hubLogin = async (s: { user: string; password: Secret }, database: string): Promise<string> => {
      const client = new pg.Client({ host: address('db1'), port: 5432, user: s.user, password: s.password.reveal(), database, connectionTimeoutMillis: 10_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return 'connected';
      } catch (error) {
        return String((error as { code?: unknown }).code);
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    const exists = async (name: string): Promise<{ database: boolean; user: boolean }> => {
      const [databases, users] = impl === 'mysql'
        ? [await admin.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]),
          await admin.query('SELECT 1 FROM mysql.user WHERE User = ?', [name])]
        : [await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
          await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])];
      return { database: databases.length > 0, user: users.length > 0 };
    };

    it('creates two sites with colliding names; each account connects from web1 and web2', async () => {
      Object.assign(other, service.siteDbNames('wiki-one.example.com', await takenDbNames(admin)));
      expect(other.database).toBe('wiki_one_example');
      expect(await facts(other)).toEqual({ databaseExists: false, accounts: [] });
      expect(outcome(await run('install other', await ensure(other)))).toBe('succeeded');

      Object.assign(site, service.siteDbNames('www.wiki-one.example.com', await takenDbNames(admin)));
      expect(site).toMatchObject({ database: 'wiki_one_examp_2', user: 'wiki_one_examp_2' });
      const result = await run('install site', await ensure(site));
      expect(outcome(result)).toBe('succeeded');
      expect(result.actions.every((action) => action.status === 'changed')).toBe(true);

      const after = await facts(site);
      expect(after.databaseExists).toBe(true);
      expect(after.accounts).toHaveLength(impl === 'mysql' ? 2 : 1);
      expect(after.accounts.every((account) => account.passwordWorks && account.privileged)).toBe(true);
      expect(outcome(await run('check logins', loginChecks(site, ['web1', 'web2'])))).toBe('succeeded');
    });

    it('the account reaches its own database only (and, on MySQL, only from the grant hosts)', async () => {
      const intoOther = service.siteLoginCheck({ server: server(alias), from: '@web1', ...site, database: other.database });
      const denied = await run('into the other database', intoOther);
      expect(denied.status).toBe('failed');
      expect(denied.actions[0]?.stderrTail).toMatch(/denied|permission|not permitted/i);
      if (impl === 'mysql') {
        const fromWeb3 = await run('from web3', loginChecks(site, ['web3']));
        expect(fromWeb3.status).toBe('failed');
        expect(fromWeb3.actions[0]?.stderrTail).toMatch(/not allowed to connect/);
      }
    });

    it('plans nothing the second time, and only the password once it changed', async () => {
      expect(await ensure(site)).toEqual([]);
      site.password = generateSecret();
      passwords.push(site.password.reveal());
      const actions = await ensure(site);
      expect(actions.map((action) => action.id.split(':').at(impl === 'mysql' ? -2 : -1))).toEqual(
        impl === 'mysql' ? ['password', 'password'] : ['password'],
      );
      expect((await run('new password', [...actions, ...loginChecks(site, ['web2'], actions)])).failure).toBeUndefined();
      expect(await ensure(site)).toEqual([]);
    });

    it('puts the old password back when a task that changed it fails', async () => {
      const old = site.password;
      const rotated = { ...site, password: generateSecret() };
      passwords.push(rotated.password.reveal());
      const actions = await ensure(rotated);
      expect(actions.every((action) => action.undo.kind === 'sql')).toBe(true);
      const fail = exec({ id: 'settings', server: '@web1', argv: ['false'], after: actions.map((a) => a.id) });
      expect((await run('failing rotation', [...actions, fail])).status).toBe('failed');
      expect((await facts(site)).accounts.every((account) => account.passwordWorks)).toBe(true);
      expect((await facts(rotated)).accounts.some((account) => account.passwordWorks)).toBe(false);
      expect(outcome(await run('old password still works', loginChecks({ ...site, password: old }, ['web1'])))).toBe('succeeded');
    });

    it('creates and logs in with a hostile password', async () => {
      const hostile = { database: 'hostile_site', user: 'hostile_site', password: new Secret(`x'; DROP DATABASE ${other.database}; -- \\ "$1" $$ \`é`) };
      passwords.push(hostile.password.reveal());
      const actions = await ensure(hostile);
      const result = await run('hostile', [...actions, ...loginChecks(hostile, ['web1'], actions)]);
      expect(outcome(result)).toBe('succeeded');
      expect((await facts(hostile)).accounts.every((account) => account.passwordWorks)).toBe(true);
      expect(await exists(other.database)).toEqual({ database: true, user: true });
      const drop = service.dropSiteDatabase({ server: server(alias), ...hostile, grantHosts: grantHosts() });
      expect(outcome(await run('drop hostile', drop))).toBe('succeeded');
      expect(await exists('hostile_site')).toEqual({ database: false, user: false });
    });

    it('rolls back a failed install: no database, no user left', async () => {
      const doomed = { database: 'doomed_site', user: 'doomed_site', password: generateSecret() };
      passwords.push(doomed.password.reveal());
      const actions = await ensure(doomed);
      const fail = exec({ id: 'installer', server: '@web1', argv: ['sh', '-c', 'echo installer failed >&2; exit 3'], after: actions.map((a) => a.id) });
      const result = await run('failing install', [...actions, fail]);
      expect(result.status).toBe('failed');
      expect(result.failure?.actionId).toBe('installer');
      expect(result.actions.filter((action) => action.kind === 'sql').every((action) => action.status === 'undone')).toBe(true);
      expect(await exists('doomed_site')).toEqual({ database: false, user: false });
    });

    it('verifies the server: create, grant/revoke, drop a test database, nothing left', async () => {
      const result = await run('verify', service.verifyServer({ server: server(alias), nonce: `${Date.now()}` }));
      expect(outcome(result)).toBe('succeeded');
      const left = [...(await takenDbNames(admin))].filter((name) => name.startsWith('aegir_verify_'));
      expect(left).toEqual([]);
    });

    it.runIf(impl === 'postgres')("a verify by an admin that cannot take PUBLIC off postgres fails, saying how; a superuser's verify then does", async () => {
      const password = generateSecret();
      passwords.push(password.reveal());
      await admin.run([
        sqlStatement('GRANT CONNECT, TEMPORARY ON DATABASE postgres TO PUBLIC'),
        sqlStatement('CREATE ROLE aegir_small LOGIN CREATEDB CREATEROLE PASSWORD $1', [password.reveal()]),
      ]);
      const small = parseServer({ ...server(alias), alias: '@pgsmall', services: { ...server(alias).services, db: {
        impl, settings: { ...server(alias).services.db.settings, user: 'aegir_small', password: password.reveal() } } } });
      servers.set('@pgsmall', small);
      const refused = await run('verify as a small admin', service.verifyServer({ server: small, nonce: `${Date.now()}` }));
      expect(refused.status).toBe('failed');
      expect(refused.failure?.reason).toMatch(/PUBLIC can still connect to postgres, and only its owner can change that: as a superuser, GRANT CONNECT ON DATABASE postgres TO aegir_small;/);
      expect(outcome(await run('verify as the superuser', service.verifyServer({ server: server(alias), nonce: `${Date.now()}` })))).toBe('succeeded');
      const open = await admin.query(`SELECT d.datname FROM pg_database d, aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a
        WHERE d.datname IN ('postgres', 'template1') AND a.grantee = 0`);
      expect(open).toEqual([]);
      await admin.run([sqlStatement('DROP ROLE aegir_small')]);
    });

    it.runIf(impl === 'postgres')("after a server verify a site role gets into its own database only: not postgres, template1 or another site's, from a web head or the hub", async () => {
      for (const database of ['postgres', 'template1', other.database]) {
        const fromWeb = await run(`into ${database} from web1`, service.siteLoginCheck({ server: server(alias), from: '@web1', ...site, database }));
        expect(fromWeb.status, database).toBe('failed');
        expect(fromWeb.actions[0]?.stderrTail).toMatch(/permission denied for database/);
        expect(await hubLogin(site, database), database).toBe('42501');
      }
      expect(outcome(await run('into its own database from web2', loginChecks(site, ['web2'])))).toBe('succeeded');
      expect(await hubLogin(site, site.database)).toBe('connected');
    });

    it('names the server and statement on errors, never a parameter or the admin password', async () => {
      const secret = site.password.reveal();
      const statement = impl === 'mysql' ? sqlStatement('SELECT * FROM ?', [secret]) : sqlStatement('SELECT CAST($1 AS integer)', [secret]);
      const error = await admin.run([statement]).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(DbError);
      expect((error as DbError).message).toContain(alias);
      expect((error as DbError).message).toContain(statement.sql);
      expect((error as DbError).message).not.toContain(secret);
      transcript.push(String((error as DbError).message));

      const wrong = parseServer({ ...server(alias), services: { ...server(alias).services, db: {
        impl, settings: { ...server(alias).services.db.settings, password: 'wrong-admin-password-1234' } } } });
      passwords.push('wrong-admin-password-1234');
      const refused = openDbConnection(wrong, { connectTimeoutMs: 5000 });
      const failure = await refused.run([sqlStatement('SELECT 1')]).then(() => undefined, (caught: unknown) => caught);
      await refused.close();
      expect(failure).toMatchObject({ code: 'db_unreachable', server: alias });
      transcript.push(String((failure as Error).message));
    });

    it('runs a long list of statements in order, and a failure in it names the server and never a parameter', { timeout: 60_000 }, async () => {
      const secret = site.password.reveal();
      // MySQL sends 200 statements per round trip: the list spans two of them; PostgreSQL goes one by one.
      const count = impl === 'mysql' ? 260 : 40;
      const names = Array.from({ length: count }, (_, i) => `aegir_batch_${i}`);
      const statement = (verb: string, name: string) => sqlStatement(impl === 'mysql' ? `${verb} DATABASE \`${name}\`` : `${verb} DATABASE "${name}"`);
      await admin.run(names.map((name) => statement('CREATE', name)));
      for (const name of [names[0], names[count - 1]]) expect((await exists(name ?? '')).database).toBe(true);
      const drop = names.map((name) => statement('DROP', name));
      const bad = impl === 'mysql' ? sqlStatement('SELECT * FROM ?', [secret]) : sqlStatement('SELECT CAST($1 AS integer)', [secret]);
      const cut = count - 20;
      const error = await admin.run([...drop.slice(0, cut), bad, ...drop.slice(cut)]).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(DbError);
      expect((error as DbError).message).toContain(alias);
      expect((error as DbError).message).not.toContain(secret);
      transcript.push(String((error as DbError).message));
      // What came before the failing statement ran; what came after did not.
      expect((await exists(names[0] ?? '')).database).toBe(false);
      expect((await exists(names[cut - 1] ?? '')).database).toBe(false);
      expect((await exists(names[cut] ?? '')).database).toBe(true);
      // The error says how many statements completed before the failing one.
      expect((error as DbError).completed).toBe(cut);
      await admin.run(drop.slice(cut));
      expect((await exists(names[count - 1] ?? '')).database).toBe(false);
    });

    it('a merged batch that fails midway puts back what its completed segments did (per-segment undo)', { timeout: 60_000 }, async () => {
      // 230 segments of one statement each (two round trips on MySQL), the 226th fails.
      const count = impl === 'mysql' ? 230 : 30;
      const names = Array.from({ length: count }, (_, i) => `aegir_seg_${i}`);
      const statement = (verb: string, name: string) => sqlStatement(impl === 'mysql' ? `${verb} DATABASE \`${name}\`` : `${verb} DATABASE "${name}"`);
      const cut = count - 5;
      const statements = names.map((name, i) => (i === cut ? statement('DROP', 'aegir_seg_no_such_database') : statement('CREATE', name)));
      const segments = names.map((name, i) => ({ statements: 1, undo: i === cut ? [] : [statement('DROP', name)] }));
      const merged = sql({ id: 'db:merged', server: alias, statements, segments, undo: { kind: 'sql', statements: [...segments].reverse().flatMap((s) => s.undo) } });
      const result = await run('merged batch', [merged]);
      expect(result.status).toBe('failed');
      expect(result.actions[0]?.status).toBe('failed');
      // Nothing the batch created is left: the segments before the failure were undone.
      for (const name of [names[0], names[cut - 1], names[cut + 1]]) expect((await exists(name ?? '')).database, name).toBe(false);
    });

    it('drops the databases and every account of both sites', async () => {
      const drops = [site, other].flatMap((s) => service.dropSiteDatabase({
        server: server(alias), database: s.database, user: s.user, grantHosts: grantHosts(), idPrefix: `drop:${s.database}`,
      }));
      expect(outcome(await run('delete', drops))).toBe('succeeded');
      for (const s of [site, other]) {
        expect(await exists(s.database)).toEqual({ database: false, user: false });
        expect(await facts(s)).toEqual({ databaseExists: false, accounts: [] });
      }
      expect((await run('check after delete', loginChecks(site, ['web1']))).status).toBe('failed');
    });
  });

  it('never shows a password (site or admin) in results, events or error messages', () => {
    expect(passwords.length).toBeGreaterThan(10);
    expect(transcript.length).toBeGreaterThan(20);
    const text = transcript.join('\n');
    const leaked = passwords.filter((password) => text.includes(password));
    expect(leaked.length).toBe(0);
  });
});
