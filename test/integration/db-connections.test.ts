/**
 * One admin connection per db server per task: the names a new site may take, the facts of its
 * database and accounts, and every SQL action of its install go over the same connection. Counted
 * by the db servers themselves: MariaDB's user statistics, PostgreSQL's connection log.
 */
import { beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, type AegirHub } from '../support/aegir-cli.js';
import { mariadbQuery, postgresQuery } from '../support/db-inspect.js';
import { httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const ROOT = '/var/aegir/platforms/app';

describeWithFixture('one admin connection per db server per install', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platform: TestPlatform;
  let maria: DatabaseServer;
  const web1 = (): string => fx.host('web1').address;
  const serves = (uri: string): Promise<unknown> => httpGetUntil(web1(), uri, (r) => r.status === 200 && r.body.includes(`site: ${uri}`));

  beforeAll(async () => {
    fx = fixture();
    ({ php: platform } = await testPlatforms(['php']));
    const web = async (): Promise<void> => {
      await fx.startPhpFpm('web1');
      await fx.startNginx('web1');
      await fx.run('web1', ['rm', '-f', '/etc/nginx/sites-enabled/default']);
      await fx.run('web1', ['mkdir', '-p', '/var/aegir/platforms']);
    };
    let pg: DatabaseServer;
    [maria, pg] = await Promise.all([fx.startMariadb('db1'), fx.startPostgres('db1'), web()]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    await hub.ok(['server', 'add', '@web1', '--host', web1(), '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', maria.host, '--db', 'mysql', '--set', `db.user=${maria.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${maria.password}\n` });
    await hub.ok(['server', 'add', '@pg1', '--host', pg.host, '--db', 'postgres', '--set', `db.user=${pg.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${pg.password}\n` });
    for (const server of ['@web1', '@db1', '@pg1']) await hub.ok(['verify', server]);
    await hub.ok(['platform', 'add', '@app', '--root', ROOT, '--app', 'php', '--web', '@web1', '--source', platform.dir]);
    await hub.ok(['verify', '@app'], { timeoutMs: 120_000 });
    return () => hub.dispose();
  }, 300_000);

  it('MariaDB: an install opens one admin connection (counted by the server)', async () => {
    await mariadbQuery(fx, 'db1', 'SET GLOBAL userstat = 1');
    await mariadbQuery(fx, 'db1', 'FLUSH USER_STATISTICS');
    await hub.ok(['install', 'one.my.test', '--platform', '@app', '--db', '@db1'], { timeoutMs: 120_000 });
    await serves('one.my.test');
    const [count] = await mariadbQuery(fx, 'db1', `SELECT TOTAL_CONNECTIONS FROM information_schema.USER_STATISTICS WHERE USER = '${maria.user}'`);
    expect(Number(count)).toBe(1);
  }, 150_000);

  it('PostgreSQL: an install opens one admin connection (counted in the server log)', async () => {
    await postgresQuery(fx, 'db1', 'ALTER SYSTEM SET log_connections = on');
    await postgresQuery(fx, 'db1', 'SELECT pg_reload_conf()');
    const hubAddress = fx.host('db1').address.replace(/\.\d+$/, '.1');
    const count = async (): Promise<number> => (await fx.readFile('db1', '/srv/pg/server.log'))
      .split('\n').filter((line) => line.includes(`connection received: host=${hubAddress} `)).length;
    // The reload is applied by each new session: wait until a connection of the hub is logged.
    await expect.poll(async () => {
      await hub.ok(['verify', '@pg1']);
      return count();
    }, { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await count();
    await hub.ok(['install', 'one.pg.test', '--platform', '@app', '--db', '@pg1'], { timeoutMs: 120_000 });
    await serves('one.pg.test');
    expect((await count()) - before).toBe(1);
  }, 150_000);
});
