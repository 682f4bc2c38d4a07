/**
 * The verbs of the README's quick start (backup, clone, restore, migrate --uri, disable, enable,
 * delete: the README's own lines) with the hub elsewhere: one machine with nginx, PHP-FPM and
 * MariaDB that the hub reaches over ssh, as one server `@box` (http and db). Each line is followed
 * at once by `curl` on that machine, with the same checks as on the hub's own @localhost
 * (one-big-box.test.ts): no waiting, no second try.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, type AegirHub } from '../support/aegir-cli.js';
import { mariadbQuery } from '../support/db-inspect.js';
import { testPlatform } from '../support/platforms.js';
import { parseCurlInclude, readmeQuickStart } from '../support/quick-start.js';
import { QuickStartChecks } from '../support/quick-start-checks.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

const REPO = resolve(import.meta.dirname, '../..');
const BOX = 'box';
const { verbs } = readmeQuickStart(REPO);

describeWithFixture('the quick start verbs over ssh: curl on the box sees each at once', () => {
  const fixture = useFixture({ hosts: [BOX] });
  let fx: Fixture;
  let hub: AegirHub;
  let checks: QuickStartChecks;

  beforeAll(async () => {
    fx = fixture();
    const app = await testPlatform('php');
    await fx.startPhpFpm(BOX);
    await fx.startNginx(BOX);
    const maria = await fx.startMariadb(BOX);
    hub = createAegirHub();
    checks = new QuickStartChecks({
      curl: async (name) => {
        const result = await fx.run(BOX, ['curl', '-sS', '-i', '--max-time', '10', '-H', `Host: ${name}`, 'http://127.0.0.1/']);
        expect(result.exitCode, result.stderr).toBe(0);
        return parseCurlInclude(result.stdout);
      },
      query: (sql) => mariadbQuery(fx, BOX, sql),
      backups: async () => {
        const dir = join(hub.home, 'backups');
        const names = (await readdir(dir)).filter((name) => name.endsWith('.tar.gz'));
        return Promise.all(names.map(async (name) => ({ name, mode: (await stat(join(dir, name))).mode & 0o777 })));
      },
    });
    await initAndTrust(hub, fx);
    await hub.ok(['server', 'add', '@box', '--host', fx.host(BOX).address, '--http', 'nginx', '--db', 'mysql',
      '--set', `db.user=${maria.user}`, '--set', 'db.password=-', '--accept-host-key'], { stdin: `${maria.password}\n` });
    await hub.ok(['verify', '@box']);
    const copied = await fx.run(BOX, ['cp', '-r', '--', app.dir, '/var/www/app']);
    expect(copied.exitCode, copied.stderr).toBe(0);
    await hub.ok(['platform', 'add', '@app', '--root', '/var/www/app', '--app', 'php', '--web', '@box']);
    await hub.ok(['verify', '@app']);
    await hub.ok(['install', 'app.localhost', '--platform', '@app', '--db', '@box']);
    const first = await fx.run(BOX, ['curl', '-sS', '-H', 'Host: app.localhost', 'http://127.0.0.1/']);
    checks.firstPage(first.stdout);
    return () => hub.dispose();
  }, 180_000);

  for (const line of verbs) {
    it(`${line}, and curl at once sees its result`, async () => {
      // The README's line as argv: plain words, nothing for a shell to do.
      expect(line).toMatch(/^aegir( [a-z0-9@.-]+)+$/);
      const check = checks.verbs[line];
      expect(check, `no check for the README's line ${line}`).toBeDefined();
      await hub.ok(line.split(' ').slice(1));
      await check?.();
    }, 300_000);
  }
});
