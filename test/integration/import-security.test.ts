/**
 * `import` against a hostile site owner: the site's settings file is theirs to write, and names
 * the database and account the imported site would adopt. Every attempt to name another site's
 * database or account, a system database, the admin account, an account with privileges beyond
 * its database (or too few on it), or credentials that do not log in, is refused with exit 2,
 * and the db servers' grant tables and role catalogs are byte for byte what they were before.
 * Legitimate imports (MariaDB and PostgreSQL) still work, and the verify after them creates,
 * alters and grants nothing for the imported account. One web head, one db host with both servers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, summaryLine, type AegirHub } from '../support/aegir-cli.js';
import { mariadbQuery, postgresQuery } from '../support/db-inspect.js';
import { httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const ROOT = '/var/aegir/platforms/pa';
const VICTIM = 'victim.import.test';
const PG_VICTIM = 'pgvictim.import.test';
const ATTACKER = 'attacker.import.test';
const PW = 'attacker-Own-Passw0rd-1234';

interface Settings { readonly driver: 'mysql' | 'pgsql'; readonly name: string; readonly user: string; readonly password: string }

describeWithFixture('import refuses databases and accounts that are not the site\'s own', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platform: TestPlatform;
  let maria: DatabaseServer;
  let pg: DatabaseServer;
  const victim = { mysql: { name: '', user: '' }, postgres: { name: '', user: '' } };
  const web1 = (): string => fx.host('web1').address;

  /** Everything a takeover would change: accounts with their password hashes and global privileges, grants, roles, database ACLs. */
  const grantState = async (): Promise<string[]> => [
    ...await mariadbQuery(fx, 'db1', 'SELECT User, Host, Priv FROM mysql.global_priv'),
    ...await mariadbQuery(fx, 'db1', 'SELECT * FROM mysql.db'),
    ...await mariadbQuery(fx, 'db1', 'SELECT User, Host, Db, Table_name, Table_priv FROM mysql.tables_priv'),
    ...await mariadbQuery(fx, 'db1', 'SELECT * FROM mysql.roles_mapping'),
    ...await postgresQuery(fx, 'db1', 'SELECT rolname, rolpassword, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_authid'),
    ...await postgresQuery(fx, 'db1', 'SELECT datname, datdba::regrole, datacl FROM pg_database'),
    ...await postgresQuery(fx, 'db1', 'SELECT roleid::regrole, member::regrole FROM pg_auth_members'),
  ];
  const writeSettings = async (uri: string, s: Settings): Promise<void> => {
    const db = s.driver === 'mysql' ? maria : pg;
    const php = `<?php\nreturn ['uri' => '${uri}', 'db' => ['driver' => '${s.driver}', 'host' => '${db.host}', 'port' => ${db.port}, `
      + `'name' => '${s.name}', 'user' => '${s.user}', 'password' => '${s.password}']];\n`;
    await fx.run('web1', ['mkdir', '-p', `${ROOT}/sites/${uri}`]);
    expect((await fx.run('web1', ['sh', '-c', `cat > ${ROOT}/sites/${uri}/settings.php`], { stdin: php })).exitCode).toBe(0);
  };
  const served = async (uri: string): Promise<string> => {
    const page = await httpGetUntil(web1(), uri, (r) => r.status === 200 && r.body.includes(`site: ${uri}`));
    expect(page.body, uri).toContain('installed: 1');
    return /database: (\S+)/.exec(page.body)?.[1] ?? '';
  };

  beforeAll(async () => {
    fx = fixture();
    ({ php: platform } = await testPlatforms(['php']));
    const web = async (): Promise<void> => {
      await fx.startPhpFpm('web1');
      await fx.startNginx('web1');
      await fx.run('web1', ['rm', '-f', '/etc/nginx/sites-enabled/default']);
      await fx.run('web1', ['mkdir', '-p', '/var/aegir/platforms']);
    };
    [maria, pg] = await Promise.all([fx.startMariadb('db1'), fx.startPostgres('db1'), web()]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    await hub.ok(['server', 'add', '@web1', '--host', web1(), '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', maria.host, '--db', 'mysql', '--set', `db.user=${maria.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${maria.password}\n` });
    await hub.ok(['server', 'add', '@pg1', '--host', pg.host, '--db', 'postgres', '--set', `db.user=${pg.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${pg.password}\n` });
    for (const server of ['@web1', '@db1', '@pg1']) await hub.ok(['verify', server]);
    await hub.ok(['platform', 'add', '@pa', '--root', ROOT, '--app', 'php', '--web', '@web1', '--source', platform.dir]);
    await hub.ok(['verify', '@pa'], { timeoutMs: 120_000 });
    await hub.ok(['install', VICTIM, '--platform', '@pa', '--db', '@db1'], { timeoutMs: 120_000 });
    await hub.ok(['install', PG_VICTIM, '--platform', '@pa', '--db', '@pg1'], { timeoutMs: 120_000 });
    for (const [uri, impl] of [[VICTIM, 'mysql'], [PG_VICTIM, 'postgres']] as const) {
      const shown = JSON.parse((await hub.ok(['show', `@${uri}`, '--json'])).stdout) as { dbName: string; dbUser: string };
      victim[impl] = { name: shown.dbName, user: shown.dbUser };
    }
    // What the attacker holds by hand, made with the servers' own superusers (not through Aegir).
    const visits = 'CREATE TABLE visits (note VARCHAR(64) NOT NULL); INSERT INTO visits (note) VALUES (\'installed\')';
    await mariadbQuery(fx, 'db1', [
      `CREATE DATABASE attdb; CREATE USER 'att'@'%' IDENTIFIED BY '${PW}'; GRANT ALL ON attdb.* TO 'att'@'%'`,
      'CREATE TABLE attdb.visits (note VARCHAR(64) NOT NULL); INSERT INTO attdb.visits (note) VALUES (\'installed\')',
      `CREATE DATABASE crm; CREATE USER 'crm_ro'@'%' IDENTIFIED BY '${PW}'; GRANT SELECT ON crm.* TO 'crm_ro'@'%'`,
      `CREATE DATABASE attglob; CREATE USER 'attglob'@'%' IDENTIFIED BY '${PW}'; GRANT ALL ON attglob.* TO 'attglob'@'%'; GRANT SELECT ON *.* TO 'attglob'@'%'`,
      `CREATE DATABASE wild_db; CREATE USER 'wild'@'%' IDENTIFIED BY '${PW}'; GRANT ALL ON wild_db.* TO 'wild'@'%'`,
    ].join('; '));
    await postgresQuery(fx, 'db1', `CREATE ROLE pgatt LOGIN PASSWORD '${PW}'`);
    await postgresQuery(fx, 'db1', 'CREATE DATABASE pgattdb OWNER pgatt');
    await postgresQuery(fx, 'db1', `CREATE ROLE pgguest LOGIN PASSWORD '${PW}'`);
    await postgresQuery(fx, 'db1', 'CREATE DATABASE pgshared');
    await postgresQuery(fx, 'db1', `CREATE ROLE pgmember LOGIN PASSWORD '${PW}' IN ROLE pg_read_all_data`);
    await postgresQuery(fx, 'db1', 'CREATE DATABASE pgmemberdb OWNER pgmember');
    await postgresQuery(fx, 'db1', `${visits}; ALTER TABLE visits OWNER TO pgatt`, 'pgattdb');
    return () => hub.dispose();
  }, 300_000);

  const refusals: { what: string; settings: () => Settings; message: RegExp }[] = [
    { what: "another site's database and account, with the attacker's password",
      settings: () => ({ driver: 'mysql', name: victim.mysql.name, user: victim.mysql.user, password: PW }),
      message: /dbName: "[a-z_0-9]+" is already the database and account of site victim\.import\.test on @db1/ },
    { what: "another site's database with the attacker's own account",
      settings: () => ({ driver: 'mysql', name: victim.mysql.name, user: 'att', password: PW }), message: /dbName: .* is already the database and account of site victim\.import\.test/ },
    { what: "another site's account with the attacker's own database",
      settings: () => ({ driver: 'mysql', name: 'attdb', user: victim.mysql.user, password: PW }), message: /dbUser: .* is already the database and account of site victim\.import\.test/ },
    { what: 'the mysql database', settings: () => ({ driver: 'mysql', name: 'mysql', user: 'att', password: PW }), message: /dbName: "mysql" is a system name of the db server/ },
    { what: 'information_schema', settings: () => ({ driver: 'mysql', name: 'information_schema', user: 'att', password: PW }), message: /dbName: "information_schema" is a system name/ },
    { what: 'the root account', settings: () => ({ driver: 'mysql', name: 'attdb', user: 'root', password: PW }), message: /dbUser: "root" is a system name/ },
    { what: "the db server's admin account, with its real password",
      settings: () => ({ driver: 'mysql', name: 'attdb', user: maria.user, password: maria.password }), message: /dbUser: "aegir_admin" is the admin account of @db1/ },
    { what: 'a database the account may only read', settings: () => ({ driver: 'mysql', name: 'crm', user: 'crm_ro', password: PW }),
      message: /'crm_ro'@'%' lacks INSERT, UPDATE, DELETE.* on crm; a site's account holds every privilege on its database/ },
    { what: 'an account with a global privilege', settings: () => ({ driver: 'mysql', name: 'attglob', user: 'attglob', password: PW }),
      message: /attglob holds global SELECT \('attglob'@'%'\); a site's account holds privileges on its own database only/ },
    { what: 'an account granted on a wildcard pattern', settings: () => ({ driver: 'mysql', name: 'wild_db', user: 'wild', password: PW }),
      message: /wild holds privileges on `wild_db`, a pattern that covers more than wild_db/ },
    { what: 'credentials that do not log in', settings: () => ({ driver: 'mysql', name: 'attdb', user: 'att', password: 'not-the-password-0000' }),
      message: /the settings of attacker\.import\.test do not open database attdb as att from @web1 .*Access denied/ },
    { what: 'the postgres database', settings: () => ({ driver: 'pgsql', name: 'postgres', user: 'pgatt', password: PW }), message: /dbName: "postgres" is a system name/ },
    { what: 'template1', settings: () => ({ driver: 'pgsql', name: 'template1', user: 'pgatt', password: PW }), message: /dbName: "template1" is a system name/ },
    { what: 'the postgres superuser, with its real password',
      settings: () => ({ driver: 'pgsql', name: 'pgattdb', user: 'postgres', password: pg.password }), message: /dbUser: "postgres" is a system name/ },
    { what: "another site's PostgreSQL database",
      settings: () => ({ driver: 'pgsql', name: victim.postgres.name, user: 'pgatt', password: PW }), message: /dbName: .* is already the database and account of site pgvictim\.import\.test on @pg1/ },
    { what: "another site's PostgreSQL role",
      settings: () => ({ driver: 'pgsql', name: 'pgattdb', user: victim.postgres.user, password: PW }), message: /dbUser: .* is already the database and account of site pgvictim\.import\.test on @pg1/ },
    { what: 'a database the role does not own', settings: () => ({ driver: 'pgsql', name: 'pgshared', user: 'pgguest', password: PW }),
      message: /pgguest does not own pgshared \(postgres does\)/ },
    { what: 'a role that is a member of pg_read_all_data', settings: () => ({ driver: 'pgsql', name: 'pgmemberdb', user: 'pgmember', password: PW }),
      message: /pgmember holds the privileges of role pg_read_all_data/ },
  ];

  describe.each(refusals)('naming $what', ({ settings, message }) => {
    it('is refused with exit 2, nothing recorded, no password, grant or role changed on either db server', async () => {
      await writeSettings(ATTACKER, settings());
      const before = await grantState();
      const run = await hub.run(['import', '@pa', ATTACKER], { timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(await grantState()).toEqual(before);
      expect((await hub.run(['show', `@${ATTACKER}`])).code).toBe(2);
      expect(run.stderr).not.toContain(PW);
    }, 150_000);
  });

  it('leaves the victims as they were: each still logs in, and a verify changes nothing', async () => {
    for (const uri of [VICTIM, PG_VICTIM]) {
      expect(summaryLine(await hub.ok(['verify', `@${uri}`], { timeoutMs: 120_000 }))).toMatch(/: succeeded \(0 changed, /);
      expect(await served(uri)).toBe(uri === VICTIM ? victim.mysql.name : victim.postgres.name);
    }
  }, 300_000);

  it('adopts a MariaDB site whose account is its own; the verify after it creates, alters and grants nothing for it', async () => {
    await writeSettings('mine.import.test', { driver: 'mysql', name: 'attdb', user: 'att', password: PW });
    const before = await mariadbQuery(fx, 'db1', "SELECT Host, Priv FROM mysql.global_priv WHERE User = 'att' UNION ALL SELECT Host, Db FROM mysql.db WHERE User = 'att'");
    const run = await hub.ok(['import', '@pa', 'mine.import.test'], { timeoutMs: 120_000 });
    expect(run.stdout).toContain('imported @mine.import.test on @pa (db @db1)');
    expect(await served('mine.import.test')).toBe('attdb');
    expect(await mariadbQuery(fx, 'db1', "SELECT Host, Priv FROM mysql.global_priv WHERE User = 'att' UNION ALL SELECT Host, Db FROM mysql.db WHERE User = 'att'"))
      .toEqual(before);
    expect(summaryLine(await hub.ok(['verify', '@mine.import.test'], { timeoutMs: 120_000 }))).toMatch(/: succeeded \(0 changed, /);
  }, 300_000);

  it('adopts a PostgreSQL site whose role owns its database: the role is left as it was, PUBLIC is taken off the database', async () => {
    await writeSettings('pgmine.import.test', { driver: 'pgsql', name: 'pgattdb', user: 'pgatt', password: PW });
    const role = "SELECT rolname, rolpassword, rolsuper, rolcreaterole, rolcreatedb FROM pg_authid WHERE rolname = 'pgatt' UNION ALL SELECT roleid::regrole::text, member::regrole::text, null, null, null FROM pg_auth_members WHERE member = 'pgatt'::regrole";
    const before = await postgresQuery(fx, 'db1', role);
    await hub.ok(['import', '@pa', 'pgmine.import.test'], { timeoutMs: 120_000 });
    expect(await served('pgmine.import.test')).toBe('pgattdb');
    expect(await postgresQuery(fx, 'db1', role)).toEqual(before);
    const [acl = ''] = await postgresQuery(fx, 'db1', "SELECT datacl FROM pg_database WHERE datname = 'pgattdb'");
    expect(acl).toMatch(/pgatt=[A-Za-z]*c[A-Za-z]*\/pgatt/);
    expect(acl).not.toMatch(/[{,]=/);
    expect(summaryLine(await hub.ok(['verify', '@pgmine.import.test'], { timeoutMs: 120_000 }))).toMatch(/: succeeded \(0 changed, /);
    expect(hub.transcript.join('\n')).not.toContain(PW);
  }, 300_000);
});
