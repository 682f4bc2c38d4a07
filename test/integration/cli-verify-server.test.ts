/**
 * `aegir verify @server` end to end: the built `aegir` binary with its own AEGIR_HOME drives real
 * hosts of the fixture (web1: nginx + PHP-FPM, web2: Apache, db1: MariaDB) over SSH with the
 * hub's own key. Every claim is checked on the hosts' disks, their processes and over HTTP.
 */
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { fingerprintHostKeys } from '../../src/transport/keys.js';
import { createHub, ensureBuilt, transcript, type Hub, type Run } from '../cli/aegir-binary.js';
import { describeWithFixture, useFixture, type DatabaseServer, type Fixture } from '../fixture/index.js';

interface WebCase {
  readonly host: 'web1' | 'web2';
  readonly impl: 'nginx' | 'apache';
  readonly configDir: string;
  /** The server-level config Aegir writes. */
  readonly serverConf: string;
  /** The line of the server config that carries the port. */
  readonly portLine: (port: number) => string;
  /** What a reload changes: nginx's workers (pid and start time), Apache's log of graceful restarts. */
  readonly reloaded: (fx: Fixture) => Promise<string[]>;
}

const WEB_CASES: readonly WebCase[] = [
  {
    host: 'web1', impl: 'nginx', configDir: '/etc/nginx', serverConf: '/etc/nginx/conf.d/aegir.conf',
    portLine: (port) => `    listen ${port} default_server;`,
    reloaded: (fx) => processes(fx, 'web1', (p) => p.args.startsWith('nginx: worker')),
  },
  {
    host: 'web2', impl: 'apache', configDir: '/etc/apache2', serverConf: '/etc/apache2/conf-enabled/aegir.conf',
    portLine: (port) => `<VirtualHost *:${port}>`,
    reloaded: async (fx) => {
      const pid = await fx.run('web2', ['cat', '/run/apache2/apache2.pid']);
      expect(pid.exitCode).toBe(0);
      const log = await fx.readFile('web2', '/var/log/apache2/error.log');
      return [`master ${pid.stdout.trim()}`, ...log.split('\n').filter((line) => /graceful restart/i.test(line))];
    },
  },
];

interface Process {
  readonly pid: string;
  readonly ppid: string;
  readonly started: string;
  readonly args: string;
}

/** The host's processes that match, as `pid start-time` (a reload gives new ones). */
async function processes(fx: Fixture, host: string, keep: (p: Process) => boolean): Promise<string[]> {
  const ps = await fx.run(host, ['ps', '-eo', 'pid=,ppid=,lstart=,args=']);
  expect(ps.exitCode).toBe(0);
  return ps.stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+ \S+\s+\d+ \S+ \d+)\s+(.*)$/.exec(line);
    if (m === null) return [];
    const p: Process = { pid: m[1] ?? '', ppid: m[2] ?? '', started: m[3] ?? '', args: m[4] ?? '' };
    return keep(p) ? [`${p.pid} ${p.started}`] : [];
  }).sort();
}

function get(address: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: 80, path: '/', headers: { Host: host }, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`GET http://${host}/ via ${address} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls until the server answers `status` (reloads apply asynchronously). */
async function eventuallyStatus(address: string, host: string, status: number): Promise<void> {
  const deadline = Date.now() + 8000;
  let last = 0;
  while (Date.now() < deadline) {
    last = await get(address, host).catch(() => 0);
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(last).toBe(status);
}

/** The lines of a dry run's diffs (printed indented under their action), as a unified diff has them. */
const diffLines = (stdout: string): string[] => stdout.split('\n').map((line) => line.replace(/^ {4}/, ''));

/** The run's output, for failure messages. */
const shown = (run: Run): string => `exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;

function expectCode(run: Run, code: number): void {
  expect(run.code, shown(run)).toBe(code);
}

interface JsonResult {
  readonly status: string;
  readonly actions: readonly { readonly id: string; readonly kind: string; readonly status: string }[];
}

/** `--json` of a task verb prints the finished task: its status and the executor's result. */
function taskJson(stdout: string): JsonResult {
  const task = JSON.parse(stdout) as { status: string; result?: { actions?: JsonResult['actions'] } };
  return { status: task.status, actions: task.result?.actions ?? [] };
}

describeWithFixture('aegir verify @server (CLI, on the fixture)', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'db1'] });
  let fx: Fixture;
  let hub: Hub;
  let db: DatabaseServer;

  beforeAll(async () => {
    ensureBuilt();
    fx = fixture();
    await fx.startPhpFpm('web1');
    await fx.startNginx('web1');
    await fx.startApache('web2');
    db = await fx.startMariadb('db1');
    hub = createHub();
    const init = hub.run(['init']);
    expectCode(init, 0);
    const key = init.stdout.split('\n').find((line) => line.startsWith('ssh-ed25519 '));
    expect(key, init.stdout).toBeDefined();
    for (const host of fx.hostNames) {
      const added = await fx.run(host, ['sh', '-c', 'cat >> /root/.ssh/authorized_keys'], { stdin: `${key ?? ''}\n` });
      expect(added.exitCode).toBe(0);
    }
    return () => hub.dispose();
  });

  for (const web of WEB_CASES) {
    const alias = `@${web.host}`;

    it(`${web.impl}: an unknown host key stops verify (fingerprint shown, disk unchanged); --dry-run shows the diff and touches nothing`, async () => {
      const added = hub.run(['server', 'add', alias, '--host', fx.host(web.host).address, '--http', web.impl]);
      expectCode(added, 0);
      const before = await fx.snapshot(web.host, web.configDir);

      const refused = hub.run(['verify', alias]);
      expectCode(refused, 1);
      const [fingerprint] = await fingerprintHostKeys([fx.hostKey(web.host)]);
      expect(fingerprint).toMatch(/SHA256:/);
      expect(refused.stderr).toContain(fingerprint?.match(/SHA256:\S+/)?.[0]);
      expect(refused.stderr).toContain('--accept-host-key');
      expect(await fx.snapshot(web.host, web.configDir)).toEqual(before);

      const dry = hub.run(['verify', alias, '--dry-run']);
      expectCode(dry, 0);
      expect(dry.stdout).toContain(web.serverConf);
      expect(diffLines(dry.stdout)).toContain(`+${web.portLine(80)}`);
      expect(dry.stdout).toContain('config test');
      const json = hub.run(['verify', alias, '--dry-run', '--json']);
      expectCode(json, 0);
      const plan = JSON.parse(json.stdout) as { title: string; actions: { id: string; kind: string }[] };
      expect(plan.title).toBe(`verify ${alias}`);
      expect(plan.actions.map((a) => a.kind)).toEqual(expect.arrayContaining(['writeFile', 'configTest', 'reload']));
      expect(await fx.snapshot(web.host, web.configDir)).toEqual(before);
    });

    it(`${web.impl}: --accept-host-key verifies: config on the host's disk, 404 for unknown hosts; a rerun changes nothing and does not reload`, async () => {
      const { address } = fx.host(web.host);
      expect(await get(address, 'unknown.invalid')).toBe(200);
      const platforms = `/srv/aegir-${web.host}/platforms`;
      // Roots go below an allowed base of the web server: this test's own, so the host's disk starts without it.
      expectCode(hub.run(['server', 'set', alias, `http.platform-bases=${platforms}`]), 0);
      const source = join(dirname(hub.home), `source-${web.host}`);
      mkdirSync(source, { recursive: true });
      const platform = ['platform', 'add', `@p${web.host}`, '--root', `${platforms}/p1`, '--app', 'php', '--web', alias, '--source', source];
      expectCode(hub.run(platform), 0);
      expect((await fx.fileStat(web.host, platforms)).exists).toBe(false);
      const run = hub.run(['verify', alias, '--accept-host-key']);
      expectCode(run, 0);
      expect(run.stderr).toContain(`trusted host key of ${alias}`);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[lines.length - 1]).toMatch(new RegExp(`^verify ${alias}: succeeded \\([1-9]\\d* changed, `));
      expect(await fx.readFile(web.host, web.serverConf)).toContain(web.portLine(80));
      expect((await fx.fileStat(web.host, `${web.configDir}/aegir/vhost.d`)).exists).toBe(true);
      expect(await fx.fileStat(web.host, platforms)).toMatchObject({ exists: true, type: 'dir', mode: 0o755 });
      expect((await fx.fileStat(web.host, `${platforms}/p1`)).exists).toBe(false);
      await eventuallyStatus(address, 'unknown.invalid', 404);

      const before = await fx.snapshot(web.host, web.configDir);
      const workers = await web.reloaded(fx);
      // nginx: some workers; Apache: its master and the graceful restart of the first verify.
      expect(workers.length).toBeGreaterThan(web.impl === 'apache' ? 1 : 0);
      const again = hub.run(['verify', alias, '--json']);
      expectCode(again, 0);
      const result = taskJson(again.stdout);
      expect(result.status).toBe('succeeded');
      expect(result.actions.filter((a) => a.status === 'changed')).toEqual([]);
      expect(result.actions.find((a) => a.kind === 'reload')?.status).toBe('skipped');
      const text = hub.run(['verify', alias]);
      expectCode(text, 0);
      expect(text.stdout.trimEnd().split('\n').pop()).toMatch(new RegExp(`^verify ${alias}: succeeded \\(0 changed, `));
      expect(await web.reloaded(fx)).toEqual(workers);
      expect(await fx.snapshot(web.host, web.configDir)).toEqual(before);
    });

    it(`${web.impl}: after a port change, --dry-run shows the old and the new port`, async () => {
      expectCode(hub.run(['server', 'set', alias, 'http.port=8080']), 0);
      const before = await fx.snapshot(web.host, web.configDir);
      const dry = hub.run(['verify', alias, '--dry-run']);
      expectCode(dry, 0);
      const lines = diffLines(dry.stdout);
      expect(lines).toContain(`-${web.portLine(80)}`);
      expect(lines).toContain(`+${web.portLine(8080)}`);
      expect(await fx.snapshot(web.host, web.configDir)).toEqual(before);
      expectCode(hub.run(['server', 'set', alias, 'http.port=80']), 0);
    });

    it(`${web.impl}: a web group that does not exist on the server fails verify naming it, before anything is written`, async () => {
      expectCode(hub.run(['server', 'set', alias, 'http.web-group=aegir-nosuch']), 0);
      const before = await fx.snapshot(web.host, web.configDir);
      const run = hub.run(['verify', alias]);
      expectCode(run, 1);
      expect(run.stdout).toContain(`http:${alias}:web-group`);
      expect(run.stdout).toContain('the web group aegir-nosuch does not exist on this server: create it, or set http.web-group');
      expect(await fx.snapshot(web.host, web.configDir)).toEqual(before);
      expectCode(hub.run(['server', 'set', alias, 'http.web-group=']), 0);
      expectCode(hub.run(['verify', alias]), 0);
    });
  }

  it('mysql: verify connects as admin, creates and drops a test database, and reports it ok, not changed', async () => {
    const added = hub.run(
      ['server', 'add', '@db1', '--host', db.host, '--db', 'mysql', '--set', `db.user=${db.user}`, '--set', 'db.password=-', '--accept-host-key'],
      { stdin: `${db.password}\n` },
    );
    expectCode(added, 0);
    const run = hub.run(['verify', '@db1', '--json']);
    expectCode(run, 0);
    const result = taskJson(run.stdout);
    expect(result.status).toBe('succeeded');
    const sql = result.actions.filter((a) => a.kind === 'sql');
    expect(sql.map((a) => [a.id.replace(/^db:@db1:verify:/, ''), a.status])).toEqual([
      ['create-db', 'ok'], ['grant-revoke', 'ok'], ['drop-db', 'ok'],
    ]);
    const dbs = await fx.run('db1', ['mariadb', '--socket=/run/mysqld/mysqld.sock', '-u', 'root', '-N', '-e', 'SHOW DATABASES']);
    expect(dbs.exitCode).toBe(0);
    expect(dbs.stdout).not.toMatch(/aegir_verify_/);
    const text = hub.run(['verify', '@db1']);
    expectCode(text, 0);
    // The self-test leaves nothing behind: it is not a change.
    expect(text.stdout).toMatch(/verify @db1: succeeded \(0 changed, 3 ok, 0 failed\)/);
  });

  it('mysql: a wrong admin password fails naming @db1 and never shows a password', async () => {
    const wrong = 'wrong-Password-4711-abcdefgh';
    expectCode(hub.run(['server', 'set', '@db1', 'db.password=-'], { stdin: `${wrong}\n` }), 0);
    const run = hub.run(['verify', '@db1']);
    expectCode(run, 1);
    expect(run.stdout).toMatch(/FAILED\s+@db1\s+db:@db1:verify:create-db/);
    expect(run.stdout).toMatch(/failed: db:@db1:verify:create-db on @db1: .*@db1: cannot connect: .*Access denied/);
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/^verify @db1: failed \(0 changed, 1 failed, 2 skipped\)/);
    const json = hub.run(['verify', '@db1', '--json']);
    expectCode(json, 1);
    expect(taskJson(json.stdout).status).toBe('failed');
    expectCode(hub.run(['server', 'set', '@db1', 'db.password=-'], { stdin: `${db.password}\n` }), 0);
    expectCode(hub.run(['verify', '@db1']), 0);
    const everything = transcript.join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(db.password);
  });

  it('a changed host key is refused and nothing changes', async () => {
    expectCode(hub.run(['server', 'set', '@web2', 'http.port=8081']), 0);
    await fx.regenerateHostKey('web2');
    const before = await fx.snapshot('web2', '/etc/apache2');
    const run = hub.run(['verify', '@web2']);
    expectCode(run, 1);
    expect(`${run.stdout}${run.stderr}`).toMatch(/@web2 .*host key changed/);
    expect(await fx.snapshot('web2', '/etc/apache2')).toEqual(before);
  });

  it('a stopped sshd gives "unreachable" within the connect timeout', async () => {
    await fx.stopSshd('web1');
    const started = Date.now();
    const run = hub.run(['verify', '@web1']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expectCode(run, 1);
    expect(run.stdout).toMatch(/@web1 .*unreachable/);
  });
});
