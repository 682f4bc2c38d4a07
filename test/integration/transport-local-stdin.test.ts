/**
 * The hub's own transport and credentials on stdin: MySQL's clients read an option file from
 * `/dev/stdin` (`--defaults-extra-file=/dev/stdin`), which must be a real pipe, as it is over ssh.
 * The clients run on the hub against the fixture's MariaDB.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeWithFixture, useFixture, type DatabaseServer } from '../fixture/index.js';
import { LocalTransport } from '../../src/transport/local.js';
import { mysqlOptionFile } from '../../src/tasks/db-dump.js';

describeWithFixture('local transport: credentials on /dev/stdin', () => {
  const fixture = useFixture({ hosts: ['db1'] });
  let maria: DatabaseServer;
  const local = new LocalTransport();

  beforeAll(async () => {
    maria = await fixture().startMariadb('db1');
  }, 120_000);

  const options = (): string =>
    mysqlOptionFile({ kind: 'mysql', host: maria.host, port: maria.port, database: 'mysql', user: maria.user, password: maria.password });

  it('mysql logs in with an option file it reads from /dev/stdin', async () => {
    const result = await local.exec({
      argv: ['mysql', '--defaults-extra-file=/dev/stdin', '--batch', '--skip-column-names', '--execute=SELECT CURRENT_USER()'],
      stdin: options(),
      timeoutMs: 30_000,
      sensitive: true,
    });
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ exitCode: 0, stdout: `${maria.user}@${fixture().hubAddress}\n` });
  });

  it('mysqldump reads it the same way', async () => {
    const result = await local.exec({
      argv: ['mysqldump', '--defaults-extra-file=/dev/stdin', '--no-data', '--skip-comments', 'mysql', 'db'],
      stdin: options(),
      timeoutMs: 30_000,
      sensitive: true,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('CREATE TABLE `db`');
  });
});
