/**
 * One admin connection per db server per task: the names a new site may take, the facts of its
 * database and accounts, and every SQL action of its install go over the same connection. Counted
 * by the db servers themselves: MariaDB's user statistics, PostgreSQL's connection log.
 */
import { beforeAll, expect, it } from 'vitest';
import type { AegirHub } from '../support/aegir-cli.js';
import { mariadbQuery, postgresQuery } from '../support/db-inspect.js';
import { httpGetUntil } from '../support/http-get.js';
import { startPhpHub } from '../support/php-hub.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

describeWithFixture('one admin connection per db server per install', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let maria: DatabaseServer;
  const web1 = (): string => fx.host('web1').address;
  const serves = (uri: string): Promise<unknown> => httpGetUntil(web1(), uri, (r) => r.status === 200 && r.body.includes(`site: ${uri}`));

  beforeAll(async () => {
    fx = fixture();
    ({ hub, maria } = await startPhpHub(fx, { postgres: true }));
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
