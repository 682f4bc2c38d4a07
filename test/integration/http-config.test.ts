/**
 * The rendered nginx and Apache configs on the real servers: each is started on 127.0.0.1 on a
 * free high port with its own PHP-FPM pool, the configs are placed by running the services' plans
 * through the engine (local transport), and PHP pages are fetched by Host header. A plan that
 * succeeded is live: the requests right after it see the new config, never the old one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../src/engine/execute.js';
import type { AppKind } from '../../src/model/platform.js';
import { writeFile as writeFileAction } from '../../src/plan/build-file-actions.js';
import { createPlan } from '../../src/plan/build-plan.js';
import type { Action } from '../../src/plan/action.js';
import { HTTP_SERVICES, SITE_DISABLED_TEXT, type HttpService, type VhostInput, type WebServerSettings } from '../../src/services/http/index.js';
import { LocalTransport } from '../../src/transport/local.js';
import { fixtureRequired } from '../fixture/availability.js';

const SERVER = '@localhost';
/** A platform path that needs quoting in both configs. */
const PLATFORM_DIR = 'plat "form";{x}';

function phpFpmBinary(): string | undefined {
  const found = existsSync('/usr/sbin') ? readdirSync('/usr/sbin').filter((name) => /^php-fpm\d+\.\d+$/.test(name)).sort() : [];
  return found.length === 0 ? undefined : `/usr/sbin/${found[found.length - 1]}`;
}

function unavailableReason(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'real web servers need root on Linux (workers switch to www-data)';
  const needed = ['/usr/sbin/nginx', '/usr/sbin/apache2', '/usr/lib/apache2/modules/mod_proxy_fcgi.so'];
  for (const path of needed) {
    try {
      accessSync(path, constants.R_OK);
    } catch {
      return `${path} is missing (apt-get install nginx apache2 php-fpm)`;
    }
  }
  return phpFpmBinary() === undefined ? 'no php-fpm binary in /usr/sbin' : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Reply {
  status: number;
  body: string;
  location?: string;
}

function get(port: number, host: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host }, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** GET with the default server's generation header, if the answer has one. */
function getWithHeaders(port: number, host: string, path: string): Promise<Reply & { generation?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host }, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      const generation = res.headers['x-aegir-generation'];
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(typeof generation === 'string' ? { generation } : {}) }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `check` passes (reloads apply asynchronously). */
async function eventually(check: () => Promise<void>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Runs `check` 20 times in a row at once, without waiting: right after a plan that changed the
 * config succeeded, every request must see the new config (old workers must not answer any more).
 */
async function immediately(check: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 20; i += 1) await check();
}

function startDaemon(argv: readonly string[], log: string[]): ChildProcess {
  const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  return child;
}

async function runPlan(title: string, actions: readonly Action[]): Promise<Awaited<ReturnType<typeof execute>>> {
  return execute(createPlan(title, actions), { transports: (server) => new LocalTransport(server) });
}

/** How to run one web server from a config dir under the test directory. */
interface WebServerKind {
  service: HttpService<WebServerSettings>;
  settings(dir: string, socket: string, port: number, tlsPort: number): WebServerSettings;
  mainConfig(dir: string, port: number): string;
  start(dir: string): readonly string[];
}

const NGINX: WebServerKind = {
  service: HTTP_SERVICES.nginx as HttpService<WebServerSettings>,
  settings: (dir, socket, port, tlsPort) => ({
    port, tlsPort, configDir: dir, phpFpmSocket: socket, webGroup: 'www-data',
    configTestArgv: ['nginx', '-t', '-q', '-p', `${dir}/`, '-c', `${dir}/nginx.conf`],
    reloadArgv: ['nginx', '-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-s', 'reload'],
  }),
  // A placeholder server so nginx listens before the Aegir config exists (plain \`listen PORT\`, as the vhosts).
  mainConfig: (dir, port) => `user www-data;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${dir}/tmp/body;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    proxy_temp_path ${dir}/tmp/proxy;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    server {
        listen ${port};
        server_name placeholder.invalid;
        return 418;
    }
    include ${dir}/conf.d/*.conf;
}
`,
  start: (dir) => ['nginx', '-p', `${dir}/`, '-c', `${dir}/nginx.conf`],
};

const APACHE: WebServerKind = {
  service: HTTP_SERVICES.apache as HttpService<WebServerSettings>,
  settings: (dir, socket, port, tlsPort) => ({
    port, tlsPort, configDir: dir, phpFpmSocket: socket, webGroup: 'www-data',
    configTestArgv: ['apache2', '-t', '-d', dir, '-f', `${dir}/apache2.conf`],
    reloadArgv: ['apache2', '-d', dir, '-f', `${dir}/apache2.conf`, '-k', 'graceful'],
  }),
  // Like Debian's apache2.conf: the MPM and authz_core loaded, everything denied, then conf-enabled/.
  mainConfig: (dir, port) => `ServerRoot "${dir}"
DefaultRuntimeDir "${dir}/run"
PidFile "${dir}/run/apache2.pid"
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
User www-data
Group www-data
ErrorLog "${dir}/error.log"
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
<Directory />
    AllowOverride None
    Require all denied
</Directory>
IncludeOptional "${dir}/conf-enabled/*.conf"
`,
  start: (dir) => ['apache2', '-d', dir, '-f', `${dir}/apache2.conf`, '-D', 'FOREGROUND'],
};

const reason = unavailableReason();
const title = 'http configs on real nginx and Apache';

if (reason !== undefined && fixtureRequired()) {
  describe(title, () => {
    it('needs root, nginx, Apache and PHP-FPM', () => {
      throw new Error(`AEGIR_REQUIRE_ALL=1 but ${reason}`);
    });
  });
}

describe.skipIf(reason !== undefined)(reason === undefined ? title : `${title} (skipped: ${reason})`, () => {
  let base = '';
  let root = '';
  let socket = '';
  const children: ChildProcess[] = [];
  const logs: string[] = [];

  const site = (uri: string, app: AppKind, more: Partial<VhostInput> = {}): VhostInput => ({
    uri, aliases: [], redirect: false, enabled: true, docRoot: root, siteDir: `${root}/sites/${uri}`,
    publicFilesDir: `${root}/sites/${uri}/files`, privateFilesDir: `${root}/sites/${uri}/private`, app, ...more,
  });

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'aegir-http-'));
    chmodSync(base, 0o755);
    root = join(base, PLATFORM_DIR);
    const files: Record<string, string> = {
      'index.php': "<?php echo 'front ', $_SERVER['SERVER_NAME'], ' q=', $_SERVER['QUERY_STRING'] ?? '', isset($_SERVER['PATH_INFO']) ? ' path=' . $_SERVER['PATH_INFO'] : '';\n",
      'cache/c.txt': 'cached\n',
      '.env': 'DOTFILE\n',
      'sites/drupal.test/settings.php': "<?php $secret = 'SETTINGS-SECRET'; echo $secret;\n",
      'sites/drupal.test/services.yml': 'secret: YAML-SECRET\n',
      'sites/drupal.test/private/p.txt': 'PRIVATE\n',
      'sites/drupal.test/files/x.php': "<?php echo 'EXECUTED';\n",
      'sites/drupal.test/files/sub/y.PHP': "<?php echo 'EXECUTED';\n",
      'sites/drupal.test/files/hello.txt': 'hello upload\n',
      'sites/drupal.test/files/.htaccess': 'DOTFILE\n',
      'sites/other.test/files/z.php': "<?php echo 'EXECUTED';\n",
    };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), content, { mode: 0o644 });
    }
    socket = join(base, 'fpm.sock');
    await writeFile(join(base, 'fpm.conf'), `[global]
pid = ${base}/fpm.pid
error_log = ${base}/fpm.log
daemonize = no
[aegir]
user = www-data
group = www-data
listen = ${socket}
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 2
`);
    children.push(startDaemon([phpFpmBinary() ?? 'php-fpm', '-y', join(base, 'fpm.conf'), '-F'], logs));
    await eventually(async () => {
      if (!existsSync(socket)) throw new Error(`php-fpm made no socket: ${logs.join('')}`);
    });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    if (base !== '') await rm(base, { recursive: true, force: true });
  });

  describe.each([['nginx', NGINX], ['apache', APACHE]] as const)('%s', (name, kind) => {
    let dir = '';
    let port = 0;
    let settings: WebServerSettings;
    const sites = (): VhostInput[] => [
      site('drupal.test', 'drupal', { aliases: ['www.drupal.test'], redirect: true }),
      site('wp.test', 'wordpress'),
      site('wiki.test', 'mediawiki', { aliases: ['alias.wiki.test'] }),
      site('php.test', 'php'),
      site('off.test', 'php', { enabled: false, aliases: ['www.off.test'] }),
    ];
    const fetch = (host: string, path: string): Promise<Reply> => get(port, host, path);

    beforeAll(async () => {
      dir = join(base, name);
      port = await freePort();
      // Each server gets its own https port too: the two run side by side on this machine.
      settings = kind.settings(dir, socket, port, await freePort());
      for (const sub of ['conf.d', 'conf-enabled', 'run', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
      await writeFile(join(dir, name === 'nginx' ? 'nginx.conf' : 'apache2.conf'), kind.mainConfig(dir, port));
      const child = startDaemon(kind.start(dir), logs);
      children.push(child);
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited: ${logs.join('')}`);
        await new Promise<void>((resolve, reject) => {
          const probe = createServer().once('error', () => resolve()).listen(port, '127.0.0.1', () => probe.close(() => reject(new Error('not listening'))));
        });
      });
      const changes = sites().map((vhost) => ({ kind: 'write' as const, site: vhost }));
      const actions = [
        ...kind.service.serverPlanActions({ server: SERVER, address: '127.0.0.1', settings, idPrefix: 'server' }),
        ...kind.service.sitePlanActions({ server: SERVER, address: '127.0.0.1', settings, changes, idPrefix: 'sites', after: ['server:reload'] }),
      ];
      const result = await runPlan(`verify ${name}`, actions);
      expect(result.failure, JSON.stringify(result.failure)).toBeUndefined();
      await immediately(async () => {
        expect((await fetch('drupal.test', '/')).status).toBe(200);
        expect((await fetch('off.test', '/index.php')).status).toBe(503);
      });
    });

    it('runs PHP for the site, with SERVER_NAME the uri even on an alias', async () => {
      expect(await fetch('drupal.test', '/')).toMatchObject({ status: 200, body: 'front drupal.test q=' });
      expect(await fetch('alias.wiki.test', '/')).toMatchObject({ status: 200, body: 'front wiki.test q=' });
    });

    it('routes unknown paths to index.php for drupal and wordpress only', async () => {
      expect(await fetch('drupal.test', '/node/1?x=1')).toMatchObject({ status: 200, body: 'front drupal.test q=x=1' });
      expect(await fetch('wp.test', '/2024/hello/?p=2')).toMatchObject({ status: 200, body: 'front wp.test q=p=2' });
      expect((await fetch('wiki.test', '/no/such/page')).status).toBe(404);
      expect((await fetch('php.test', '/no/such/page')).status).toBe(404);
    });

    it('serves uploads as static files but never runs PHP from them', async () => {
      expect(await fetch('drupal.test', '/sites/drupal.test/files/hello.txt')).toMatchObject({ status: 200, body: 'hello upload\n' });
      for (const path of ['/sites/drupal.test/files/x.php', '/sites/drupal.test/files/sub/y.PHP', '/sites/other.test/files/z.php']) {
        const reply = await fetch('drupal.test', path);
        expect(reply.status, path).toBe(403);
        expect(reply.body).not.toContain('EXECUTED');
        expect(reply.body).not.toContain('<?php');
      }
    });

    it('never serves settings, private files, yml in sites or dotfiles', async () => {
      const hidden = [
        '/sites/drupal.test/settings.php', '/sites/drupal.test/services.yml', '/sites/drupal.test/private/p.txt',
        '/sites/drupal.test/files/.htaccess', '/.env',
      ];
      for (const path of hidden) {
        const reply = await fetch('drupal.test', path);
        expect(reply.status, path).toBe(403);
        expect(reply.body).not.toMatch(/SECRET|PRIVATE|DOTFILE/);
      }
      expect((await fetch('wiki.test', '/cache/c.txt')).status).toBe(403);
    });

    it('answers unknown hosts with 404', async () => {
      const reply = await fetch('unknown.test', '/');
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('front');
    });

    it('redirects aliases to the uri with 301, keeping the path', async () => {
      const reply = await fetch('www.drupal.test', '/node/1?x=1');
      expect(reply.status).toBe(301);
      expect(reply.location).toBe(`http://drupal.test:${port}/node/1?x=1`);
    });

    it('answers every path of a disabled site with the disabled page', async () => {
      for (const [host, path] of [['off.test', '/'], ['off.test', '/index.php'], ['www.off.test', '/any/path']] as const) {
        const reply = await fetch(host, path);
        expect(reply.status, `${host}${path}`).toBe(503);
        expect(reply.body).toContain(SITE_DISABLED_TEXT);
      }
    });

    it('disables and enables a site with one test and one reload', async () => {
      const off = kind.service.sitePlanActions({ server: SERVER, address: '127.0.0.1', settings, changes: [{ kind: 'write', site: site('php.test', 'php', { enabled: false }) }] });
      expect(off.map((action) => action.kind)).toEqual(['writeFile', 'writeFile', 'configTest', 'reload', 'httpCheck', 'httpCheck']);
      for (let round = 0; round < 3; round += 1) {
        expect((await runPlan('disable php.test', off)).status).toBe('succeeded');
        await immediately(async () => expect((await fetch('php.test', '/')).status).toBe(503));
        const on = kind.service.sitePlanActions({ server: SERVER, address: '127.0.0.1', settings, changes: [{ kind: 'write', site: site('php.test', 'php') }] });
        expect((await runPlan('enable php.test', on)).status).toBe('succeeded');
        await immediately(async () => expect(await fetch('php.test', '/')).toMatchObject({ status: 200, body: 'front php.test q=' }));
      }
    });

    it('serves path-style URLs (/index.php/Main_Page) with PATH_INFO, never from uploads or settings', async () => {
      expect(await fetch('wiki.test', '/index.php/Main_Page')).toMatchObject({ status: 200, body: 'front wiki.test q= path=/Main_Page' });
      expect(await fetch('wiki.test', '/index.php/Talk:Main_Page?action=history')).toMatchObject({
        status: 200, body: 'front wiki.test q=action=history path=/Talk:Main_Page',
      });
      for (const path of ['/sites/drupal.test/files/x.php/foo', '/sites/other.test/files/z.php/x', '/sites/drupal.test/settings.php/x', '/nothere.php/x']) {
        // Refused, or (Drupal) handed to the front controller: never the script itself.
        const reply = await fetch('drupal.test', path);
        expect(reply.body, path).not.toMatch(/EXECUTED|SETTINGS-SECRET/);
        expect(reply.body, path).not.toContain('path=');
      }
    });

    it('names the config generation in the default server\'s answers, from the file the plans write', async () => {
      const file = join(dir, 'aegir', 'generation.conf');
      const token = /aegir-[0-9a-f]{24}/.exec(await readFile(file, 'utf8'))?.[0];
      expect(token).toBeDefined();
      const reply = await getWithHeaders(port, 'unknown.test', '/');
      expect(reply.status).toBe(404);
      expect(reply.generation).toBe(token);
      expect((await getWithHeaders(port, 'drupal.test', '/')).generation).toBeUndefined();
    });

    it('fails and rolls back a vhost that passes the config test but whose site does not answer; the old config is live at once', async () => {
      const vhostDir = kind.service.vhostDir(settings) ?? '';
      const generationBefore = await readFile(join(dir, 'aegir', 'generation.conf'), 'utf8');
      const ghost = site('ghost.test', 'php', { docRoot: join(base, 'no-such-root'), siteDir: join(base, 'no-such-root/sites/ghost.test'),
        publicFilesDir: join(base, 'no-such-root/sites/ghost.test/files'), privateFilesDir: join(base, 'no-such-root/sites/ghost.test/private') });
      const actions = kind.service.sitePlanActions({ server: SERVER, address: '127.0.0.1', settings, changes: [{ kind: 'write', site: ghost }] });
      const started = Date.now();
      const result = await runPlan('install ghost.test', actions);
      expect(result.status).toBe('failed');
      expect(result.failure).toMatchObject({ actionId: 'http:@localhost:check:ghost.test', server: SERVER });
      expect(result.failure?.reason).toMatch(/^http:\/\/ghost\.test\/ via @localhost \(127\.0\.0\.1:\d+\) did not answer 200\/301.* from its own vhost within 15 s: last answer 40[34] from its own vhost$/);
      expect(Date.now() - started).toBeLessThan(60_000);
      const byKind = (k: string) => result.actions.filter((a) => a.kind === k).map((a) => a.status);
      expect(byKind('writeFile')).toEqual(['undone', 'undone']);
      // Reloaded once more with the old files, and waited for until the old config answered.
      expect(result.actions.find((a) => a.kind === 'reload')).toMatchObject({ status: 'undone' });
      expect(result.actions.find((a) => a.id === 'http:@localhost:live')).toMatchObject({ status: 'undone' });
      expect(existsSync(join(vhostDir, 'ghost.test.conf'))).toBe(false);
      expect(await readFile(join(dir, 'aegir', 'generation.conf'), 'utf8')).toBe(generationBefore);
      await immediately(async () => {
        const reply = await getWithHeaders(port, 'ghost.test', '/');
        expect(reply.status).toBe(404);
        expect(reply.generation).toBe(/aegir-[0-9a-f]{24}/.exec(generationBefore)?.[0]);
        expect(await fetch('drupal.test', '/')).toMatchObject({ status: 200, body: 'front drupal.test q=' });
      });
    }, 90_000);

    it('keeps the previous files and the running server when the config test fails', async () => {
      const vhostDir = kind.service.vhostDir(settings) ?? '';
      const before = await readFile(join(vhostDir, 'wp.test.conf'), 'utf8');
      const broken = writeFileAction({ id: 'broken', server: SERVER, path: join(vhostDir, 'zz-broken.conf'), content: 'this is { not a config\n' });
      const changes = [{ kind: 'write' as const, site: site('wp.test', 'wordpress', { enabled: false }) }];
      const actions = kind.service.sitePlanActions({ server: SERVER, address: '127.0.0.1', settings, changes });
      const test = actions.find((action) => action.kind === 'configTest');
      const withBroken = actions.map((action) => (action === test ? { ...action, after: [...action.after, 'broken'] } : action));
      const result = await runPlan('break wp.test', [broken, ...withBroken]);
      expect(result.status).toBe('failed');
      expect(result.failure?.actionId).toBe(test?.id);
      expect(result.actions.find((action) => action.kind === 'reload')?.status).toBe('skipped');
      expect(existsSync(join(vhostDir, 'zz-broken.conf'))).toBe(false);
      expect(await readFile(join(vhostDir, 'wp.test.conf'), 'utf8')).toBe(before);
      expect(await fetch('wp.test', '/')).toMatchObject({ status: 200, body: 'front wp.test q=' });
    });

    it('removes a vhost: the uri then falls to the default 404', async () => {
      const remove = kind.service.sitePlanActions({ server: SERVER, address: '127.0.0.1', settings, changes: [{ kind: 'remove', uri: 'wiki.test' }] });
      expect((await runPlan('delete wiki.test', remove)).status).toBe('succeeded');
      await immediately(async () => expect((await fetch('wiki.test', '/')).status).toBe(404));
    });
  });
});
