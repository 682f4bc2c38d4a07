import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithFixture, useFixture } from '../fixture/index.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanEnv, runCommand } from '../fixture/exec.js';

const hosts = ['web1', 'web2', 'db1'];

function pidNamespacesInUse(): Set<string> {
  const namespaces = new Set<string>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      namespaces.add(readlinkSync(`/proc/${pid}/ns/pid`));
    } catch {
      // exited meanwhile
    }
  }
  return namespaces;
}

/** True for a live process (a zombie waiting for its parent to reap it is not). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

describeWithFixture('multi-host test fixture', () => {
  const fixture = useFixture({ hosts });

  it('gives every host its own hostname and address, reachable by ssh with a pinned host key', async () => {
    const fx = fixture();
    expect(fx.hubAddress).toMatch(/^10\.231\.\d{1,3}\.1$/);
    const addresses = hosts.map((name) => fx.host(name).address);
    expect(new Set(addresses).size).toBe(3);
    const knownHosts = readFileSync(fx.ssh.knownHostsFile, 'utf8');
    await Promise.all(
      hosts.map(async (name) => {
        const host = fx.host(name);
        expect(host.netns.startsWith(fx.netnsPrefix)).toBe(true);
        expect(knownHosts).toContain(`${host.address} ${fx.hostKey(name)}`);
        const inside = await fx.run(name, ['hostname']);
        expect(inside).toMatchObject({ exitCode: 0, stdout: `${name}\n` });
        const ssh = await runCommand([
          'ssh', '-F', '/dev/null', '-i', fx.ssh.identityFile, '-o', 'IdentitiesOnly=yes',
          '-o', `UserKnownHostsFile=${fx.ssh.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes',
          '-o', 'BatchMode=yes', `root@${host.address}`, 'hostname',
        ]);
        expect(ssh).toMatchObject({ exitCode: 0, stdout: `${name}\n` });
      }),
    );
  });

  it('keeps each host disk to itself', async () => {
    const fx = fixture();
    const path = '/srv/fixture-isolation.txt';
    const written = await fx.run('web1', ['tee', path], { stdin: 'only on web1\n' });
    expect(written.exitCode).toBe(0);
    expect(await fx.readFile('web1', path)).toBe('only on web1\n');
    expect(readFileSync(`${fx.host('web1').upperDir}${path}`, 'utf8')).toBe('only on web1\n');
    expect(await fx.fileStat('web2', path)).toEqual({ exists: false });
    expect((await fx.run('web2', ['test', '-e', path])).exitCode).toBe(1);
    expect(existsSync(path)).toBe(false);
    const stat = await fx.fileStat('web1', path);
    expect(stat).toMatchObject({ exists: true, type: 'file', mode: 0o644, uid: 0, gid: 0 });
  });

  it('runs commands as a host user and snapshots a tree byte for byte', async () => {
    const fx = fixture();
    const id = await fx.run('web2', ['id', '-un'], { user: 'www-data' });
    expect(id).toMatchObject({ exitCode: 0, stdout: 'www-data\n' });
    const env = await fx.run('web2', ['sh', '-c', 'echo "$GREETING" "$(pwd)"'], { env: { GREETING: 'hi' }, cwd: '/srv' });
    expect(env).toMatchObject({ exitCode: 0, stdout: 'hi /srv\n' });
    const started = Date.now();
    const daemon = await fx.run('web2', ['sh', '-c', 'sleep 30 & echo started']);
    expect(daemon).toMatchObject({ exitCode: 0, stdout: 'started\n' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await fx.run('web2', ['mkdir', '-p', '/srv/tree/sub']);
    await fx.run('web2', ['tee', '/srv/tree/sub/a.txt'], { stdin: 'a' });
    const before = await fx.snapshot('web2', '/srv/tree');
    expect(Object.keys(before)).toEqual(['/srv/tree', '/srv/tree/sub', '/srv/tree/sub/a.txt']);
    await fx.run('web2', ['chmod', '600', '/srv/tree/sub/a.txt']);
    const after = await fx.snapshot('web2', '/srv/tree');
    expect(after['/srv/tree/sub/a.txt']).toEqual({ ...before['/srv/tree/sub/a.txt'], mode: 0o600 });
  });

  it('stops and starts sshd, and changes a host key so that the pinned known_hosts refuses it', async () => {
    const fx = fixture();
    const sshArgv = ['ssh', '-F', fx.ssh.configFile, '-o', 'ControlMaster=no', '-o', 'ConnectTimeout=2', 'web2', 'true'];
    expect((await runCommand(sshArgv)).exitCode).toBe(0);
    await fx.stopSshd('web2');
    const down = await runCommand(sshArgv);
    expect(down.exitCode).toBe(255);
    expect(down.stderr).toMatch(/Connection refused/);
    await fx.startSshd('web2');
    expect((await runCommand(sshArgv)).exitCode).toBe(0);
    const oldKey = fx.hostKey('web2');
    const newKey = await fx.regenerateHostKey('web2');
    expect(newKey).not.toBe(oldKey);
    expect(await fx.readFile('web2', '/etc/ssh/ssh_host_ed25519_key.pub')).toContain(newKey);
    const changed = await runCommand([...sshArgv.slice(0, -2), '-o', 'LogLevel=ERROR', 'web2', 'true']);
    expect(changed.exitCode).toBe(255);
    expect(changed.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('starts web servers and PHP-FPM inside hosts, answering the hub', async () => {
    const fx = fixture();
    const [nginx, apache, fpm] = await Promise.all([fx.startNginx('web1'), fx.startApache('web2'), fx.startPhpFpm('web2')]);
    const nginxPage = await fetch(nginx.url);
    expect(nginxPage.status).toBe(200);
    expect(nginxPage.headers.get('server')).toMatch(/^nginx/);
    const apachePage = await fetch(apache.url);
    expect(apachePage.status).toBe(200);
    expect(apachePage.headers.get('server')).toMatch(/^Apache/);
    expect((await fx.run('web2', ['test', '-S', fpm.socket])).exitCode).toBe(0);
    expect((await fx.run('web1', ['test', '-S', fpm.socket])).exitCode).toBe(1);
  });

  it('starts MariaDB and PostgreSQL that accept a login from the hub with the returned credentials', async () => {
    const fx = fixture();
    const [mariadb, postgres] = await Promise.all([fx.startMariadb('db1'), fx.startPostgres('db1')]);
    const defaults = join(fx.dir, 'mariadb-client.cnf');
    await writeFile(defaults, `[client]\nuser=${mariadb.user}\npassword=${mariadb.password}\n`, { mode: 0o600 });
    const mysql = await runCommand(['mariadb', `--defaults-file=${defaults}`, '-h', mariadb.host, '-P', `${mariadb.port}`,
      '-N', '-B', '-e', 'SELECT CURRENT_USER()']);
    expect(mysql).toMatchObject({ exitCode: 0, stdout: `${mariadb.user}@${fx.hubAddress}\n` });
    const psqlArgv = ['psql', '-X', '-h', postgres.host, '-p', `${postgres.port}`, '-U', postgres.user, '-d', 'postgres',
      '-tAc', 'SELECT current_user'];
    const psql = await runCommand(psqlArgv, { env: cleanEnv({ PGPASSWORD: postgres.password }) });
    expect(psql).toMatchObject({ exitCode: 0, stdout: 'postgres\n' });
    const refused = await runCommand(psqlArgv, { env: cleanEnv({ PGPASSWORD: 'wrong' }) });
    expect(refused.exitCode).not.toBe(0);
  });

  it('stops and leaves nothing behind: no namespaces, mounts, processes, links or files', async () => {
    const fx = fixture();
    const namespaces = hosts.map((name) => readlinkSync(`/proc/${fx.host(name).pid}/ns/pid`));
    const master = await runCommand(['ssh', '-F', fx.ssh.configFile, '-o', 'ControlPersist=600', '-fN', 'web1']);
    expect(master.exitCode).toBe(0);
    const check = await runCommand(['ssh', '-F', fx.ssh.configFile, '-O', 'check', 'web1']);
    const masterPid = Number(/pid=(\d+)/.exec(check.stderr)?.[1]);
    expect(isRunning(masterPid)).toBe(true);
    const started = Date.now();
    await fx.stop();
    const stopMs = Date.now() - started;
    console.log(`fixture: up in ${fx.startupMs} ms, down in ${stopMs} ms`);
    await fx.stop();
    const netns = await runCommand(['ip', 'netns', 'list']);
    expect(netns.stdout).not.toContain(fx.netnsPrefix);
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
    expect(mounts).not.toContain(fx.dir);
    const inUse = pidNamespacesInUse();
    for (const namespace of namespaces) expect(inUse.has(namespace)).toBe(false);
    expect(existsSync(`/sys/class/net/${fx.bridge}`)).toBe(false);
    expect(existsSync(fx.dir)).toBe(false);
    expect(isRunning(masterPid)).toBe(false);
    const routes = await runCommand(['ip', 'route', 'show', 'table', 'all']);
    expect(routes.stdout).toContain('unreachable 10.231.0.0/16');
    expect(routes.stdout).not.toContain(fx.subnet);
  });
});
