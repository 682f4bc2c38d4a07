/**
 * "Succeeded" means served: right after `aegir install`, `enable`, `verify` or `migrate` returns,
 * the very next requests to every web head get the new config — never the default server, the
 * old vhost or the old platform — on a cluster of two stock nginx heads and on an Apache head.
 * Each verb runs many times, each run followed at once by 20 requests through every head. A vhost
 * that passes the config test but whose site then does not answer fails its task, which is rolled
 * back at once while the other sites keep serving.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, shown, type AegirHub } from '../support/aegir-cli.js';
import { httpGet, type HttpResponse } from '../support/http-get.js';
import { testPlatform } from '../support/platforms.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

/**
 * Runs of each verb; after each, REQUESTS requests through every head. (Each run is a CLI task of
 * 2 to 4 s here: 20 runs of every verb on both targets would take about 19 minutes.)
 */
const CYCLES = 5;
const REQUESTS = 20;
const GENERATION = 'x-aegir-generation';

interface Target {
  readonly name: string;
  readonly web: string;
  readonly heads: readonly string[];
  /** Two platforms of the same generic PHP app on the web target, for migrate. */
  readonly platforms: readonly [string, string];
  readonly domain: string;
}

const TARGETS: readonly Target[] = [
  { name: 'a cluster of two nginx heads', web: '@web', heads: ['web1', 'web2'], platforms: ['@n1', '@n2'], domain: 'nginx.test' },
  { name: 'an Apache head', web: '@web3', heads: ['web3'], platforms: ['@a1', '@a2'], domain: 'apache.test' },
];

const rootOf = (platform: string): string => `/var/aegir/platforms/${platform.slice(1)}`;

describeWithFixture('a task that succeeded is live: the requests right after it meet the new config', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'web3', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  /** A PHP app with no installer that only names its site: nothing of it runs as the web user before its vhost. */
  const plain = mkdtempSync(join(tmpdir(), 'aegir-plain-'));
  writeFileSync(join(plain, 'index.php'), "<?php echo 'site: ', $_SERVER['SERVER_NAME'], \"\\n\";\n", { mode: 0o644 });

  /** REQUESTS requests in a row through every head, at once; each answer must pass `expectation`. */
  const atOnce = async (heads: readonly string[], host: string, expectation: (reply: HttpResponse, head: string) => void): Promise<void> => {
    for (let i = 0; i < REQUESTS; i += 1) {
      for (const head of heads) expectation(await httpGet(fx.host(head).address, host), head);
    }
  };
  const servedBySite = (uri: string, database?: string) => (reply: HttpResponse, head: string): void => {
    const why = `${uri} via ${head}: ${reply.status} ${String(reply.headers[GENERATION] ?? '')} ${reply.body.slice(0, 200)}`;
    expect(reply.headers[GENERATION], why).toBeUndefined();
    expect(reply.status, why).toBe(200);
    expect(reply.body, why).toContain(`site: ${uri}\n`);
    if (database !== undefined) expect(reply.body, why).toContain(`database: ${database}\n`);
  };
  const byDefaultServer = (host: string) => (reply: HttpResponse, head: string): void => {
    expect({ host, head, status: reply.status, generation: typeof reply.headers[GENERATION] }).toEqual({ host, head, status: 404, generation: 'string' });
  };
  /** The database a site's settings name on a head. */
  const databaseOf = async (head: string, platform: string, uri: string): Promise<string> => {
    const settings = await fx.readFile(head, `${rootOf(platform)}/sites/${uri}/settings.php`);
    const name = /'name' => '([a-z0-9_]+)'/.exec(settings)?.[1];
    if (name === undefined) throw new Error(`no database name in the settings of ${uri} on ${head}`);
    return name;
  };

  beforeAll(async () => {
    fx = fixture();
    const app = await testPlatform('php');
    const web = async (host: string, server: 'nginx' | 'apache'): Promise<void> => {
      await fx.startPhpFpm(host);
      await (server === 'nginx' ? fx.startNginx(host) : fx.startApache(host));
    };
    const [maria] = await Promise.all([fx.startMariadb('db1'), web('web1', 'nginx'), web('web2', 'nginx'), web('web3', 'apache')]);
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    for (const host of ['web1', 'web2']) await hub.ok(['server', 'add', `@${host}`, '--host', fx.host(host).address, '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', '@web3', '--host', fx.host('web3').address, '--http', 'apache', '--accept-host-key']);
    await hub.ok(['server', 'add', '@db1', '--host', maria.host, '--db', 'mysql', '--set', `db.user=${maria.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${maria.password}\n` });
    for (const server of ['@web1', '@web2', '@web3', '@db1']) await hub.ok(['verify', server]);
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    for (const target of TARGETS) {
      for (const platform of target.platforms) {
        await hub.ok(['platform', 'add', platform, '--root', rootOf(platform), '--app', 'php', '--web', target.web, '--source', app.dir]);
        await hub.ok(['verify', platform]);
      }
    }
    return () => {
      hub.dispose();
      rmSync(plain, { recursive: true, force: true });
    };
  }, 240_000);

  describe.each(TARGETS)('on $name', (target) => {
    const [first, second] = target.platforms;
    const site = `site.${target.domain}`;

    it(`install: ${CYCLES} sites, each served through every head right after its install`, async () => {
      for (let n = 1; n <= CYCLES; n += 1) {
        const uri = `i${n}.${target.domain}`;
        await hub.ok(['install', uri, '--platform', first, '--db', '@db1']);
        await atOnce(target.heads, uri, servedBySite(uri));
      }
    }, 600_000);

    it(`disable and enable ${CYCLES} times: the disabled page, then the site, right after each`, async () => {
      await hub.ok(['install', site, '--platform', first, '--db', '@db1']);
      for (let n = 1; n <= CYCLES; n += 1) {
        await hub.ok(['disable', `@${site}`]);
        await atOnce(target.heads, site, (reply, head) => {
          expect({ head, status: reply.status, body: reply.body.trim() }).toEqual({ head, status: 503, body: 'This site is disabled.' });
        });
        await hub.ok(['enable', `@${site}`]);
        await atOnce(target.heads, site, servedBySite(site));
      }
    }, 600_000);

    it(`verify ${CYCLES} times after a new alias: the new name serves the site, the old one is gone, right after each`, async () => {
      let previous: string | undefined;
      for (let n = 1; n <= CYCLES; n += 1) {
        const alias = `a${n}.${site}`;
        await hub.ok(['site', 'set', `@${site}`, '--alias', alias]);
        const run = await hub.ok(['verify', `@${site}`]);
        expect(run.stdout, shown(run)).toMatch(/succeeded/);
        await atOnce(target.heads, alias, servedBySite(site));
        if (previous !== undefined) await atOnce(target.heads, previous, byDefaultServer(previous));
        previous = alias;
      }
    }, 600_000);

    it(`migrate to the other platform and back, ${CYCLES} times: the new place serves at once`, async () => {
      for (let n = 1; n <= CYCLES; n += 1) {
        const to = n % 2 === 1 ? second : first;
        await hub.ok(['migrate', `@${site}`, '--platform', to], { timeoutMs: 180_000 });
        const database = await databaseOf(target.heads[0] ?? '', to, site);
        await atOnce(target.heads, site, servedBySite(site, database));
      }
    }, 900_000);

    it('a site whose vhost passes the config test but which does not answer fails its install, rolled back at once', async () => {
      // A platform the web server cannot read on the last head: the hub (root over ssh) sees its
      // code, the config test passes, but that head answers the site with 403.
      const locked = `@locked${target.heads.length}`;
      const blocked = target.heads.at(-1) ?? '';
      await hub.ok(['platform', 'add', locked, '--root', rootOf(locked), '--app', 'php', '--web', target.web, '--source', plain]);
      await hub.ok(['verify', locked]);
      expect((await fx.run(blocked, ['chmod', '0700', rootOf(locked)])).exitCode).toBe(0);
      const uri = `dark.${target.domain}`;
      const run = await hub.ok(['install', uri, '--platform', locked, '--db', '@db1'], { code: 1 });
      const output = `${run.stdout}${run.stderr}`;
      expect(output).toContain(`http://${uri}/ via @${blocked} (${fx.host(blocked).address}:80) did not answer`);
      expect(output).toMatch(/last answer 40[34] from its own vhost/);
      for (const head of target.heads) {
        const vhostDir = head === 'web3' ? '/etc/apache2/aegir/vhost.d' : '/etc/nginx/aegir/vhost.d';
        expect((await fx.fileStat(head, `${vhostDir}/${uri}.conf`)).exists, head).toBe(false);
        expect((await fx.fileStat(head, `${rootOf(locked)}/sites/${uri}`)).exists, head).toBe(false);
      }
      // Rolled back and reloaded before the task ended: the name is the default server's again at once,
      // and every other site serves as before.
      await atOnce(target.heads, uri, byDefaultServer(uri));
      await atOnce(target.heads, site, servedBySite(site));
      await atOnce(target.heads, `i1.${target.domain}`, servedBySite(`i1.${target.domain}`));
      expect(JSON.parse((await hub.ok(['show', `@${uri}`, '--json'])).stdout)).toMatchObject({ status: 'failed' });
    }, 120_000);
  });
});
