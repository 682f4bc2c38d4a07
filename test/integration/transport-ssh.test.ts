import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForPort } from '../fixture/boot.js';
import { fixtureRequired, fixtureUnavailableReason, startFixture, type Fixture } from '../fixture/index.js';
import { buildRemoteCommand } from '../../src/transport/remote-command.js';
import { SshTransport } from '../../src/transport/ssh.js';

const unavailable = fixtureUnavailableReason();
const skip = unavailable !== undefined && !fixtureRequired();

function transportFor(fx: Fixture, name: string): SshTransport {
  return new SshTransport({
    server: `@${name}`,
    host: fx.host(name).address,
    port: 22,
    user: 'root',
    identityFile: fx.ssh.identityFile,
    knownHostsFile: fx.ssh.knownHostsFile,
    controlDir: fx.ssh.controlDir,
    connectTimeoutMs: 3000,
  });
}

/** Restart the host's sshd with a VERBOSE log, so the test can count accepted connections. */
async function restartSshdWithLog(fx: Fixture, name: string): Promise<void> {
  await fx.stopSshd(name);
  const argv = ['/usr/sbin/sshd', '-f', '/etc/ssh/sshd_config', '-E', '/var/log/sshd-test.log', '-o', 'LogLevel=VERBOSE'];
  const result = await fx.run(name, argv);
  expect(result.exitCode).toBe(0);
  await waitForPort(fx.host(name).address, 22, 10_000, `sshd on ${name}`);
}

async function acceptedConnections(fx: Fixture, name: string): Promise<number> {
  const log = await fx.readFile(name, '/var/log/sshd-test.log').catch(() => '');
  return log.split('\n').filter((line) => line.includes('Accepted publickey')).length;
}

/** Every command line running on the hub right now, NULs shown as spaces. */
async function hubCommandLines(): Promise<string> {
  const lines: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`).catch(() => Buffer.alloc(0));
    lines.push(cmdline.toString('utf8').replace(/\0/g, ' '));
  }
  return lines.join('\n');
}

describe.skipIf(skip)(`ssh transport on the fixture${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let fx: Fixture;
  let web1: SshTransport;
  let web2: SshTransport;

  beforeAll(async () => {
    fx = await startFixture({ hosts: ['web1', 'web2'] });
    await restartSshdWithLog(fx, 'web1');
    web1 = transportFor(fx, 'web1');
    web2 = transportFor(fx, 'web2');
  });

  afterAll(async () => {
    await web1?.close();
    await web2?.close();
    await fx?.stop();
  });

  it('runs argv with stdin, env, cwd and the exit code, on the right host', async () => {
    const result = await web1.exec({
      argv: ['sh', '-c', 'hostname; pwd; printf "%s|%s\\n" "$GREETING" "$ODD"; cat; exit 7'],
      env: { GREETING: 'hello world', ODD: "it's $HOME `id`\nline2" },
      stdin: 'from stdin\n',
      cwd: '/etc',
    });
    expect(result.exitCode).toBe(7);
    expect(result.timedOut).toBe(false);
    expect(result.stdout).toBe("web1\n/etc\nhello world|it's $HOME `id`\nline2\nfrom stdin\n");
    expect((await web2.exec({ argv: ['hostname'] })).stdout).toBe('web2\n');
  });

  it('passes every argv element through the remote shell unchanged', async () => {
    const args = ['', 'two words', "it's", '$HOME', '`id`', '$(id)', 'a\nb', '*', '~', 'a;b|c&d', 'FOO=bar', '日本語 🎉', '\\'];
    const result = await web1.exec({ argv: ['printf', '%s\\0', ...args] });
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('returns a remote exit 255 as the command result, not as a transport failure', async () => {
    const result = await web1.exec({ argv: ['sh', '-c', 'echo oops >&2; exit 255'] });
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toBe('oops\n');
  });

  it('switches user with runuser', async () => {
    const result = await web1.exec({ argv: ['id', '-un'], user: 'www-data' });
    expect(result.stdout).toBe('www-data\n');
  });

  it('kills a command at its timeout, on the server too', async () => {
    const started = Date.now();
    const result = await web1.exec({ argv: ['sleep', '37'], timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    const ps = await fx.run('web1', ['ps', '-eo', 'args']);
    expect(ps.stdout).not.toContain('sleep 37');
  });

  it('never puts env values or stdin in an argv, on the hub or on the server', async () => {
    const envSecret = 'envsecret-Zq8v1xK3';
    const stdinSecret = 'stdinsecret-Pw4m2Lr9';
    const request = {
      argv: ['sh', '-c', 'sleep 1.5; printf "%s " "$DB_PASSWORD"; cat'],
      env: { DB_PASSWORD: envSecret },
      stdin: stdinSecret,
      sensitive: true,
    };
    const argv = web1.sshArgv(buildRemoteCommand(request).command);
    expect(argv.join(' ')).not.toContain(envSecret);
    expect(argv.join(' ')).not.toContain(stdinSecret);

    const running = web1.exec(request);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const hub = await hubCommandLines();
    const server = await fx.run('web1', ['sh', '-c', 'for p in /proc/[0-9]*; do tr "\\0" " " < "$p/cmdline"; echo; done']);
    const result = await running;
    expect(result.stdout).toBe(`${envSecret} ${stdinSecret}`);
    expect(server.stdout).toContain('sleep 1.5'); // the scan did see the running command
    for (const text of [hub, server.stdout]) {
      expect(text).not.toContain(envSecret);
      expect(text).not.toContain(stdinSecret);
    }
  });

  it('inspects many paths in one round trip', async () => {
    await fx.run('web1', ['sh', '-c', 'mkdir -p /srv/insp && printf "abc" > /srv/insp/f && chmod 640 /srv/insp/f && chown www-data:www-data /srv/insp/f && ln -s f /srv/insp/l']);
    const states = await web1.inspect(['/srv/insp', '/srv/insp/f', '/srv/insp/l', '/srv/insp/missing', '/srv/insp/f/below']);
    expect(states.get('/srv/insp')).toMatchObject({ type: 'dir', owner: 'root', group: 'root' });
    expect(states.get('/srv/insp/f')).toEqual({ type: 'file', mode: 0o640, owner: 'www-data', group: 'www-data', content: Buffer.from('abc') });
    expect(states.get('/srv/insp/l')?.type).toBe('other');
    expect(states.get('/srv/insp/missing')).toEqual({ type: 'missing' });
    expect(states.get('/srv/insp/f/below')).toEqual({ type: 'missing' });
  });

  it('places files on the host’s own disk, skips an unchanged rerun, and uses one connection', async () => {
    await fx.run('web1', ['mkdir', '-p', '/etc/aegir-test', '/var/www/site one']);
    const before = await acceptedConnections(fx, 'web1');
    const files = [
      { path: '/etc/aegir-test/settings.php', content: "<?php $db = 'x';\n", mode: 0o440, owner: 'root', group: 'www-data' },
      { path: '/var/www/site one/index.html', content: Buffer.from([0, 1, 2, 255]), mode: 0o644 },
      { path: '/etc/aegir-test/owned', content: 'mine\n', mode: 0o600, owner: 'www-data' },
    ];
    const first = await web1.place(files);
    expect(first.map((file) => file.changed)).toEqual([true, true, true]);
    expect(await fx.readFile('web1', '/etc/aegir-test/settings.php')).toBe("<?php $db = 'x';\n");
    expect(await fx.fileStat('web1', '/etc/aegir-test/settings.php')).toMatchObject({ type: 'file', mode: 0o440, uid: 0, gid: 33 });
    expect((await fx.readFileBytes('web1', '/var/www/site one/index.html')).equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(await fx.fileStat('web1', '/etc/aegir-test/owned')).toMatchObject({ mode: 0o600, uid: 33 });
    await expect(fx.fileStat('web2', '/etc/aegir-test/settings.php')).resolves.toEqual({ exists: false });

    const again = await web1.place(files);
    expect(again.map((file) => file.changed)).toEqual([false, false, false]);

    const modeOnly = await web1.place([{ ...files[1]!, mode: 0o640 }]);
    expect(modeOnly).toEqual([{ path: '/var/www/site one/index.html', changed: true }]);
    expect(await fx.fileStat('web1', '/var/www/site one/index.html')).toMatchObject({ mode: 0o640 });

    const leftovers = await fx.run('web1', ['find', '/etc/aegir-test', '/var/www/site one', '-name', '.*.aegir-*']);
    expect(leftovers.stdout).toBe('');
    // The master opened by the first exec of this file carries everything: no new connection.
    expect((await acceptedConnections(fx, 'web1')) - before).toBeLessThanOrEqual(0);
    expect(await acceptedConnections(fx, 'web1')).toBe(1);
  });

  it('changes nothing when one file of a batch cannot be placed', async () => {
    await fx.run('web1', ['sh', '-c', 'mkdir -p /srv/batch && echo old > /srv/batch/a']);
    const attempt = web1.place([
      { path: '/srv/batch/a', content: 'new\n', mode: 0o644 },
      { path: '/srv/no-such-dir/b', content: 'b\n', mode: 0o644 },
    ]);
    await expect(attempt).rejects.toMatchObject({ reason: 'command_failed', server: '@web1' });
    expect(await fx.readFile('web1', '/srv/batch/a')).toBe('old\n');
    expect((await fx.run('web1', ['ls', '-A', '/srv/batch'])).stdout).toBe('a\n');
  });

  it('close() stops the master: the next command needs a new connection', async () => {
    const before = await acceptedConnections(fx, 'web1');
    await web1.close();
    await web1.close(); // safe twice
    expect((await web1.exec({ argv: ['true'] })).exitCode).toBe(0);
    expect(await acceptedConnections(fx, 'web1')).toBe(before + 1);
  });
});
