/**
 * ControlMasters on the fixture: one per server within a process, opened once however many
 * transports start at once, kept while any of them runs; one per process, so a process that
 * finishes (and closes its master) never cuts another process's running command.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../cli/aegir-binary.js';
import { waitForPort } from '../fixture/boot.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';
import { until } from '../support/until.js';
import type { ExecResult } from '../../src/transport/transport.js';
import { SshTransport } from '../../src/transport/ssh.js';
import type { SshConfig } from '../../src/transport/ssh-options.js';

const HOST = 'shared';
const LOG = '/var/log/sshd-masters.log';

/** Runs one exec through the built SshTransport in a process of its own, then closes it. */
const CHILD = `
const [module, config, argv] = process.argv.slice(1);
const { SshTransport } = await import(module);
const transport = new SshTransport(JSON.parse(config));
try {
  process.stdout.write(JSON.stringify(await transport.exec({ argv: JSON.parse(argv) })));
} finally {
  await transport.close();
}`;

function execInOwnProcess(config: SshConfig, argv: readonly string[]): Promise<ExecResult> {
  const module = join(ROOT, 'dist/transport/ssh.js');
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, '--', module, JSON.stringify(config), JSON.stringify(argv)]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as ExecResult);
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

describeWithFixture('ssh masters on the fixture', () => {
  const fixture = useFixture({ hosts: [HOST] });
  let fx: Fixture;
  let config: SshConfig;

  const accepted = async (): Promise<number> =>
    (await fx.readFile(HOST, LOG).catch(() => '')).split('\n').filter((line) => line.includes('Accepted publickey')).length;

  beforeAll(async () => {
    ensureBuilt();
    expect(BIN).toContain('dist');
    fx = fixture();
    config = {
      server: `@${HOST}`, host: fx.host(HOST).address, port: 22, user: 'root', identityFile: fx.ssh.identityFile,
      knownHostsFile: fx.ssh.knownHostsFile, controlDir: fx.ssh.controlDir, connectTimeoutMs: 5000,
    };
    await fx.stopSshd(HOST);
    const started = await fx.run(HOST, ['/usr/sbin/sshd', '-f', '/etc/ssh/sshd_config', '-E', LOG, '-o', 'LogLevel=VERBOSE']);
    expect(started.exitCode, started.stderr).toBe(0);
    await waitForPort(fx.host(HOST).address, 22, 10_000, `sshd on ${HOST}`);
  }, 240_000);

  it('opens one master for many transports of a process starting at once, and keeps it while one runs', async () => {
    const before = await accepted();
    const transports = Array.from({ length: 6 }, () => new SshTransport(config));
    const results = await Promise.all(transports.map((transport) => transport.exec({ argv: ['hostname'] })));
    expect(results.map((result) => result.stdout)).toEqual(transports.map(() => `${HOST}\n`));
    expect((await accepted()) - before).toBe(1);
    const [last, ...others] = transports as [SshTransport, ...SshTransport[]];
    const running = last.exec({ argv: ['sh', '-c', 'sleep 1; echo still here'] });
    await Promise.all(others.map((transport) => transport.close()));
    expect(await running).toMatchObject({ exitCode: 0, stdout: 'still here\n' });
    await last.close();
  });

  it('never closes the master under a transport that is opening it while another closes', async () => {
    for (let round = 0; round < 5; round += 1) {
      const first = new SshTransport(config);
      const second = new SshTransport(config);
      await first.exec({ argv: ['true'] });
      const [, result] = await Promise.all([first.close(), second.exec({ argv: ['sh', '-c', 'sleep 0.2; echo ok'] })]);
      expect(result, `round ${round}`).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
      await second.close();
    }
  });

  it('a process that finishes never cuts the command another process runs on the same server', async () => {
    const before = await accepted();
    await fx.run(HOST, ['rm', '-f', '/root/long-started']);
    const long = execInOwnProcess(config, ['sh', '-c', 'touch /root/long-started; sleep 3; echo survived']);
    await until('the long command to start', async () => ((await fx.fileStat(HOST, '/root/long-started')).exists ? true : undefined));
    // A second CLI comes and goes: it runs its command and closes its master on the way out.
    for (let run = 0; run < 3; run += 1) {
      expect(await execInOwnProcess(config, ['hostname'])).toMatchObject({ exitCode: 0, stdout: `${HOST}\n` });
    }
    expect(await long).toMatchObject({ exitCode: 0, stdout: 'survived\n' });
    // Each process opened its own master: one connection each.
    expect((await accepted()) - before).toBe(4);
  });
});
