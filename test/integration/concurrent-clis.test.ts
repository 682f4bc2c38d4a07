/**
 * Two operators at once on one hub: a MediaWiki install and a PHP site install, each started by
 * its own `aegir` process at the same moment, to the same web head and db server. Each CLI has its
 * own ssh master; the first to finish must never cut the other's running commands (the installer
 * would die with exit 255). Ten rounds in a row, every one of both installs succeeds and serves.
 */
import { beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, shown, summaryLine, type AegirHub } from '../support/aegir-cli.js';
import { httpGetUntil } from '../support/http-get.js';
import { testPlatforms, type TestPlatform } from '../support/platforms.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

const ROUNDS = 10;
const ROOTS = { mediawiki: '/var/aegir/platforms/mw-cc', php: '/var/aegir/platforms/app-cc' } as const;

describeWithFixture('two CLIs installing at once on one hub', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let platforms: Record<keyof typeof ROOTS, TestPlatform>;

  beforeAll(async () => {
    fx = fixture();
    platforms = await testPlatforms(['mediawiki', 'php']);
    const [maria] = await Promise.all([fx.startMariadb('db1'), fx.startPhpFpm('web1').then(() => fx.startNginx('web1'))]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    await hub.ok(['server', 'add', '@web1', '--host', fx.host('web1').address, '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', maria.host, '--db', 'mysql', '--set', `db.user=${maria.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${maria.password}\n` });
    for (const server of ['@web1', '@db1']) await hub.ok(['verify', server]);
    await hub.ok(['platform', 'add', '@mwcc', '--root', ROOTS.mediawiki, '--app', 'mediawiki', '--web', '@web1', '--source', platforms.mediawiki.dir]);
    await hub.ok(['platform', 'add', '@appcc', '--root', ROOTS.php, '--app', 'php', '--web', '@web1', '--source', platforms.php.dir]);
    for (const platform of ['@mwcc', '@appcc']) await hub.ok(['verify', platform], { timeoutMs: 240_000 });
    return () => hub.dispose();
  }, 600_000);

  it(`a MediaWiki install and a PHP site install started together both succeed, ${ROUNDS} rounds in a row`, async () => {
    for (let round = 1; round <= ROUNDS; round += 1) {
      const wiki = `wiki${round}.cc.test`;
      const app = `app${round}.cc.test`;
      const [wikiRun, appRun] = await Promise.all([
        hub.run(['install', wiki, '--platform', '@mwcc', '--db', '@db1'], { timeoutMs: 240_000 }),
        hub.run(['install', app, '--platform', '@appcc', '--db', '@db1'], { timeoutMs: 240_000 }),
      ]);
      expect(wikiRun.code, `round ${round}: ${shown(wikiRun)}`).toBe(0);
      expect(appRun.code, `round ${round}: ${shown(appRun)}`).toBe(0);
      expect(summaryLine(wikiRun)).toMatch(new RegExp(`^install @${wiki.replace(/\./g, '\\.')}: succeeded`));
      expect(summaryLine(appRun)).toMatch(new RegExp(`^install @${app.replace(/\./g, '\\.')}: succeeded`));
      const address = fx.host('web1').address;
      const page = await httpGetUntil(address, wiki, (response) => response.status === 200, { path: '/index.php?title=Main_Page' });
      expect(page.status, `round ${round}: ${wiki}`).toBe(200);
      expect((await httpGetUntil(address, app, (response) => response.status === 200)).status, `round ${round}: ${app}`).toBe(200);
    }
  }, ROUNDS * 240_000);
});
