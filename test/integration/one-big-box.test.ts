/**
 * The README's quick start on one machine: nginx, PHP-FPM and MariaDB installed and running as
 * Debian starts them (MariaDB on 127.0.0.1, root by socket), Aegir run on that same machine as its
 * operator would, and a PHP site served by it. The machine is one fixture host (it sees every
 * installed package and this checkout); everything Aegir does happens inside it.
 */
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/aegir-binary.js';
import { describeWithFixture, useFixture, type CommandResult, type Fixture } from '../fixture/index.js';
import { testPlatform } from '../support/platforms.js';

const REPO = resolve(import.meta.dirname, '../..');
const AEGIR_HOME = '/root/.aegir';
const BOX = 'box';
const SITE = 'app.localhost';
const ROOT = '/var/www/app';

describeWithFixture('quick start on one big box', () => {
  const fixture = useFixture({ hosts: [BOX] });
  let fx: Fixture;

  /** `aegir ...` inside the box, as its root user would type it. */
  const aegir = (args: readonly string[], stdin?: string): Promise<CommandResult> =>
    fx.run(BOX, [process.execPath, `${REPO}/dist/cli/main.js`, ...args], {
      env: { AEGIR_HOME }, cwd: '/root', ...(stdin === undefined ? {} : { stdin }),
    });
  const ok = async (args: readonly string[], stdin?: string): Promise<CommandResult> => {
    const result = await aegir(args, stdin);
    expect(result.exitCode, `aegir ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };
  const sh = async (argv: string[], stdin?: string): Promise<CommandResult> => {
    const result = await fx.run(BOX, argv, stdin === undefined ? {} : { stdin });
    expect(result.exitCode, `${argv.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };

  beforeAll(async () => {
    ensureBuilt();
    fx = fixture();
    const app = await testPlatform('php');
    await fx.startPhpFpm(BOX);
    await fx.startNginx(BOX);
    // MariaDB as Debian's package runs it: on 127.0.0.1:3306 and /run/mysqld/mysqld.sock, root by socket.
    await sh(['mariadb-install-db', '--user=mysql', '--datadir=/srv/mysql', '--auth-root-authentication-method=socket',
      '--skip-test-db', '--innodb-log-file-size=16M']);
    await sh(['install', '-d', '-o', 'mysql', '-g', 'mysql', '/run/mysqld']);
    await sh(['start-stop-daemon', '--start', '--background', '--exec', '/usr/sbin/mariadbd', '--', '--user=mysql',
      '--datadir=/srv/mysql', '--bind-address=127.0.0.1', '--port=3306', '--socket=/run/mysqld/mysqld.sock',
      '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M', '--log-error=/srv/mysql/error.log']);
    for (let tries = 0; (await fx.run(BOX, ['mariadb-admin', '--socket=/run/mysqld/mysqld.sock', 'ping'])).exitCode !== 0; tries += 1) {
      if (tries > 200) throw new Error('mariadb did not start in the box');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The user's own application code, copied where the platform will be.
    await sh(['mkdir', '-p', '/var/www']);
    await sh(['cp', '-r', app.dir, ROOT]);
  }, 120_000);

  it('init finds nginx and MariaDB: @localhost gets http=nginx db=mysql files=local', async () => {
    const init = await ok(['init']);
    expect(init.stdout).toContain('server @localhost: http=nginx db=mysql files=local');
  });

  it('with nothing else set up, a PHP site installs on @localhost and is served by this machine', async () => {
    // The hub reaches MariaDB as root through its socket: no admin account or password to set.
    await ok(['verify', '@localhost']);
    // Nothing drifted: the db self-test (a test database made and dropped) is not a change.
    expect((await ok(['verify', 'localhost'])).stdout).toMatch(/^verify @localhost: succeeded \(0 changed, /m);
    await ok(['platform', 'add', '@app', '--root', ROOT, '--app', 'php', '--web', '@localhost']);
    await ok(['verify', '@app']);
    const install = await ok(['install', SITE, '--platform', '@app', '--db', '@localhost']);
    expect(install.stdout).toMatch(new RegExp(`install @${SITE}: succeeded`));

    // nginx applies a reload asynchronously: ask until the site answers (or 10 s passed).
    let page = await sh(['curl', '-sS', '--max-time', '10', '-H', `Host: ${SITE}`, 'http://127.0.0.1/']);
    for (let tries = 0; tries < 100 && !page.stdout.startsWith('site: '); tries += 1) {
      await new Promise((r) => setTimeout(r, 100));
      page = await sh(['curl', '-sS', '--max-time', '10', '-H', `Host: ${SITE}`, 'http://127.0.0.1/']);
    }
    expect(page.stdout).toMatch(/^site: app\.localhost\ndatabase: \w+\ninstalled: 1\nvisit: \d+\n$/);
    const settings = await sh(['stat', '-c', '%a %U:%G', `${ROOT}/sites/${SITE}/settings.php`]);
    expect(settings.stdout.trim()).toBe('440 root:www-data');
    const unknown = await sh(['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: nobody.localhost', 'http://127.0.0.1/']);
    expect(unknown.stdout).toBe('404');
  });
});
