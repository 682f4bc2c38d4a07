/**
 * Site tasks end to end with the built `aegir` binary: a generic PHP platform pushed from the hub
 * to a cluster of two nginx web heads, its sites' databases on a MariaDB host. Each page prints the
 * database name from its settings file and a row its installer put in its own database. Every claim
 * is checked over HTTP through both web heads, on the hosts' disks and in the db server.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHub, ensureBuilt, transcript, type Hub, type Run } from '../cli/aegir-binary.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

const ROOT = '/var/www/phpapp';
const HEADS = ['web1', 'web2'] as const;
const VHOST_DIR = '/etc/nginx/aegir/vhost.d';
/** Debian's www-data group. */
const WWW_DATA_GID = 33;

/** The app: prints its db name from the settings and a row of its own database. */
const INDEX_PHP = `<?php
$s = require __DIR__ . '/sites/' . $_SERVER['SERVER_NAME'] . '/settings.php';
$d = $s['db'];
$pdo = new PDO("mysql:host={$d['host']};port={$d['port']};dbname={$d['name']}", $d['user'], $d['password']);
echo 'db=', $d['name'], ' row=', $pdo->query('SELECT greeting FROM hello')->fetchColumn(), "\\n";
`;

/** Its installer: creates the table and the row; refuses sites whose name starts with "fail". */
const INSTALL_PHP = `<?php
$site = getenv('AEGIR_SITE');
if (str_starts_with($site, 'fail')) { fwrite(STDERR, "this app refuses $site\\n"); exit(1); }
$s = require getenv('AEGIR_SETTINGS');
$d = $s['db'];
$pdo = new PDO("mysql:host={$d['host']};port={$d['port']};dbname={$d['name']}", $d['user'], $d['password']);
$pdo->exec('CREATE TABLE hello (greeting VARCHAR(100))');
$pdo->prepare('INSERT INTO hello VALUES (?)')->execute(["hello from $site"]);
`;

interface Reply {
  readonly status: number;
  readonly body: string;
}

function get(address: string, host: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: 80, path: '/', headers: { Host: host }, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET http://${host}/ via ${address} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls until the page matches (nginx applies a reload asynchronously). */
async function eventually(address: string, host: string, status: number, body?: string): Promise<void> {
  const deadline = Date.now() + 8000;
  let last: Reply = { status: 0, body: '' };
  while (Date.now() < deadline) {
    last = await get(address, host).catch(() => ({ status: 0, body: '' }));
    if (last.status === status && (body === undefined || last.body.includes(body))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect({ status: last.status, body: last.body }).toEqual({ status, body: expect.stringContaining(body ?? '') });
}

const shown = (run: Run): string => `exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;

function expectCode(run: Run, code: number): void {
  expect(run.code, shown(run)).toBe(code);
}

interface JsonResult {
  readonly status: string;
  readonly actions: readonly { readonly id: string; readonly kind: string; readonly status: string }[];
}

describeWithFixture('site tasks on a two-head nginx cluster with MariaDB (CLI, on the fixture)', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'db1'] });
  let fx: Fixture;
  let hub: Hub;
  let db: DatabaseServer;
  let admin: mysql.Connection;
  const source = mkdtempSync(join(tmpdir(), 'aegir-phpapp-'));

  const address = (host: string): string => fx.host(host).address;
  const aegir = (args: readonly string[], stdin?: string): Run => hub.run(args, stdin === undefined ? {} : { stdin });
  const exists = async (host: string, path: string): Promise<boolean> => (await fx.fileStat(host, path)).exists;
  const databases = async (): Promise<string[]> =>
    ((await admin.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA'))[0] as { name: string }[]).map((r) => r.name);
  const accounts = async (user: string): Promise<string[]> =>
    ((await admin.query('SELECT Host AS host FROM mysql.user WHERE User = ?', [user]))[0] as { host: string }[]).map((r) => r.host).sort();
  const status = (uri: string): string => {
    const run = aegir(['show', `@${uri}`, '--json']);
    return run.code === 0 ? (JSON.parse(run.stdout) as { status: string }).status : 'gone';
  };

  beforeAll(async () => {
    ensureBuilt();
    fx = fixture();
    mkdirSync(join(source, 'sites'));
    writeFileSync(join(source, 'index.php'), INDEX_PHP);
    writeFileSync(join(source, 'aegir-install.php'), INSTALL_PHP);
    chmodSync(source, 0o755);
    await Promise.all(HEADS.map(async (host) => {
      await fx.startPhpFpm(host);
      await fx.startNginx(host);
      // Debian's default site claims default_server; verify @server replaces it (not what these tests are about).
      await fx.run(host, ['rm', '-f', '/etc/nginx/sites-enabled/default']);
    }));
    db = await fx.startMariadb('db1');
    admin = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    hub = createHub();
    const init = aegir(['init']);
    expectCode(init, 0);
    const key = init.stdout.split('\n').find((line) => line.startsWith('ssh-ed25519 '));
    for (const host of fx.hostNames) {
      expect((await fx.run(host, ['sh', '-c', 'cat >> /root/.ssh/authorized_keys'], { stdin: `${key ?? ''}\n` })).exitCode).toBe(0);
    }
    for (const host of HEADS) {
      expectCode(aegir(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']), 0);
      expectCode(aegir(['verify', `@${host}`]), 0);
    }
    expectCode(aegir(['server', 'add', '@db1', '--host', address('db1'), '--db', 'mysql', '--accept-host-key',
      '--set', `db.user=${db.user}`, '--set', 'db.password=-'], db.password), 0);
    expectCode(aegir(['cluster', 'add', '@web', '--servers', '@web1,@web2']), 0);
    expectCode(aegir(['platform', 'add', '@php', '--root', ROOT, '--app', 'php', '--web', '@web', '--source', source]), 0);
    const verify = aegir(['verify', '@php']);
    expectCode(verify, 0);
  });

  afterAll(async () => {
    await admin?.end();
    hub?.dispose();
    rmSync(source, { recursive: true, force: true });
  });

  it('verify @platform pushes the code to both web heads', async () => {
    for (const host of HEADS) expect(await fx.readFile(host, `${ROOT}/index.php`)).toBe(INDEX_PHP);
  });

  it('install adds and installs a site: served through both web heads from its own database', async () => {
    const run = aegir(['install', 'site1.test', '--platform', '@php', '--db', '@db1']);
    expectCode(run, 0);
    expect(status('site1.test')).toBe('enabled');
    for (const host of HEADS) {
      await eventually(address(host), 'site1.test', 200, 'db=site1_test row=hello from site1.test');
      const settings = await fx.fileStat(host, `${ROOT}/sites/site1.test/settings.php`);
      expect(settings).toMatchObject({ type: 'file', mode: 0o440, gid: WWW_DATA_GID });
      expect(await fx.fileStat(host, `${ROOT}/sites/site1.test/files`)).toMatchObject({ type: 'dir', mode: 0o2770, gid: WWW_DATA_GID });
    }
    expect(await databases()).toContain('site1_test');
    expect(await accounts('site1_test')).toEqual([address('web1'), address('web2')].sort());
  });

  it('verify of an unchanged site changes nothing and reloads nothing', () => {
    const run = aegir(['verify', '@site1.test', '--json']);
    expectCode(run, 0);
    // The plan's result, or a finished queued task holding it.
    const printed = JSON.parse(run.stdout) as JsonResult & { result?: JsonResult };
    expect(printed.status).toBe('succeeded');
    const result = printed.result ?? printed;
    expect(result.actions.filter((a) => a.status === 'changed')).toEqual([]);
    const reloads = result.actions.filter((a) => a.kind === 'reload');
    expect(reloads).toHaveLength(2);
    expect(reloads.every((a) => a.status === 'skipped')).toBe(true);
  });

  it('disable serves the disabled page on both heads; enable brings the site back', async () => {
    expectCode(aegir(['disable', '@site1.test']), 0);
    expect(status('site1.test')).toBe('disabled');
    for (const host of HEADS) await eventually(address(host), 'site1.test', 503);
    expectCode(aegir(['enable', '@site1.test']), 0);
    expect(status('site1.test')).toBe('enabled');
    for (const host of HEADS) await eventually(address(host), 'site1.test', 200, 'row=hello from site1.test');
  });

  it('a failing installer leaves no database, no directory and no vhost, and marks the site failed', async () => {
    const run = aegir(['install', 'fail1.test', '--platform', '@php', '--db', '@db1']);
    expectCode(run, 1);
    expect(run.stdout).toContain('undone');
    expect(status('fail1.test')).toBe('failed');
    expect(await databases()).not.toContain('fail1_test');
    expect(await accounts('fail1_test')).toEqual([]);
    for (const host of HEADS) {
      expect(await exists(host, `${ROOT}/sites/fail1.test`)).toBe(false);
      expect(await exists(host, `${VHOST_DIR}/fail1.test.conf`)).toBe(false);
    }
  });

  it('a config that fails nginx -t on one head undoes the install everywhere; other sites keep serving', async () => {
    await fx.run('web2', ['sh', '-c', `echo 'this is not nginx;' > ${VHOST_DIR}/zz-broken.conf`]);
    try {
      const run = aegir(['install', 'site2.test', '--platform', '@php', '--db', '@db1']);
      expectCode(run, 1);
      expect(run.stdout).toContain('config test failed');
      expect(status('site2.test')).toBe('failed');
      for (const host of HEADS) {
        expect(await exists(host, `${VHOST_DIR}/site2.test.conf`)).toBe(false);
        await eventually(address(host), 'site1.test', 200, 'row=hello from site1.test');
      }
      expect(await databases()).not.toContain('site2_test');
    } finally {
      await fx.run('web2', ['rm', '-f', `${VHOST_DIR}/zz-broken.conf`]);
    }
    expectCode(aegir(['install', '@site2.test']), 0);
    for (const host of HEADS) await eventually(address(host), 'site2.test', 200, 'db=site2_test row=hello from site2.test');
  });

  it('verify @platform pushes changed code but never touches uploads or settings on the web heads', async () => {
    const upload = `${ROOT}/sites/site2.test/files/upload.txt`;
    const settings = `${ROOT}/sites/site2.test/settings.php`;
    expect((await fx.run('web1', ['sh', '-c', `echo uploaded > ${upload}`])).exitCode).toBe(0);
    const before = await fx.readFile('web2', settings);
    writeFileSync(join(source, 'index.php'), `${INDEX_PHP}// v2\n`);
    expect((await fx.run('web2', ['mkdir', `${ROOT}/sites/stray.example.org`])).exitCode).toBe(0);
    const verify = aegir(['verify', '@php']);
    expectCode(verify, 0);
    expect(`${verify.stdout}${verify.stderr}`).toMatch(/Aegir does not know.*stray\.example\.org/);
    for (const host of HEADS) {
      expect(await fx.readFile(host, `${ROOT}/index.php`)).toContain('// v2');
      await eventually(address(host), 'site2.test', 200, 'row=hello from site2.test');
    }
    expect(await fx.readFile('web1', upload)).toBe('uploaded\n');
    expect(await fx.readFile('web2', settings)).toBe(before);
  });

  it('install --dry-run of a new site prints the plan and leaves no record, database or file behind', async () => {
    const run = aegir(['install', 'dry.test', '--platform', '@php', '--db', '@db1', '--dry-run']);
    expectCode(run, 0);
    expect(run.stdout).toContain('CREATE DATABASE `dry_test`');
    expect(run.stdout).toContain(`${ROOT}/sites/dry.test/settings.php`);
    expect(status('dry.test')).toBe('gone');
    expect(await databases()).not.toContain('dry_test');
    for (const host of HEADS) expect(await exists(host, `${ROOT}/sites/dry.test`)).toBe(false);
  });

  it('delete is refused while the site is enabled; after disable it removes everything on every server', async () => {
    const refused = aegir(['delete', '@site1.test']);
    expectCode(refused, 2);
    expect(refused.stderr).toContain('disable it first');
    expectCode(aegir(['disable', '@site1.test']), 0);
    expectCode(aegir(['delete', '@site1.test', '--yes']), 0);
    expect(status('site1.test')).toBe('gone');
    for (const host of HEADS) {
      expect(await exists(host, `${VHOST_DIR}/site1.test.conf`)).toBe(false);
      expect(await exists(host, `${ROOT}/sites/site1.test`)).toBe(false);
      await eventually(address(host), 'site1.test', 404);
      await eventually(address(host), 'site2.test', 200, 'row=hello from site2.test');
    }
    expect(await databases()).not.toContain('site1_test');
    expect(await accounts('site1_test')).toEqual([]);
  });

  it('never prints a site password or the db admin password', () => {
    expect(transcript.join('\n')).not.toContain(db.password);
  });
});
