/**
 * Transient ssh failures on the fixture: a connection sshd drops (MaxStartups) is tried again and
 * the command runs once; a command whose connection dropped while it ran is never run again.
 */
import { Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForPort } from '../fixture/boot.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';
import { until } from '../support/until.js';
import { TransportError } from '../../src/transport/errors.js';
import { SshTransport } from '../../src/transport/ssh.js';

const HOST = 'flaky';
const LOG = '/var/log/sshd-retry.log';

describeWithFixture('ssh transport retries on the fixture', () => {
  const fixture = useFixture({ hosts: [HOST] });
  let fx: Fixture;
  const open: SshTransport[] = [];

  const transport = (): SshTransport => {
    const made = new SshTransport({
      server: `@${HOST}`, host: fx.host(HOST).address, port: 22, user: 'root', identityFile: fx.ssh.identityFile,
      knownHostsFile: fx.ssh.knownHostsFile, controlDir: fx.ssh.controlDir, connectTimeoutMs: 5000,
    });
    open.push(made);
    return made;
  };
  const lines = async (path: string): Promise<string[]> =>
    (await fx.readFile(HOST, path).catch(() => '')).split('\n').filter((line) => line !== '');

  /** sshd with these MaxStartups (and MaxSessions), logging to LOG. */
  async function restartSshd(maxStartups: string, maxSessions = 100): Promise<void> {
    for (const made of open.splice(0)) await made.close();
    await fx.stopSshd(HOST);
    const config = `/etc/ssh/sshd_config_retry`;
    const script = 'sed -e "s/^MaxStartups .*/MaxStartups $1/" -e "s/^MaxSessions .*/MaxSessions $2/" /etc/ssh/sshd_config > "$3"';
    expect((await fx.run(HOST, ['sh', '-c', script, 'sh', maxStartups, String(maxSessions), config])).exitCode).toBe(0);
    await fx.run(HOST, ['rm', '-f', LOG]);
    const started = await fx.run(HOST, ['/usr/sbin/sshd', '-f', config, '-E', LOG, '-o', 'LogLevel=VERBOSE']);
    expect(started.exitCode, started.stderr).toBe(0);
    await waitForPort(fx.host(HOST).address, 22, 10_000, `sshd on ${HOST}`);
  }

  const drops = async (): Promise<number> => (await lines(LOG)).filter((line) => /drop connection #\d+ .*past MaxStartups/.test(line)).length;

  /**
   * One connection that never authenticates, holding the single pre-auth slot: sshd drops the
   * next. It holds it once sshd sent it its banner (an earlier probe may still take the slot).
   */
  async function holdPreauthSlot(): Promise<Socket> {
    return until('a held pre-auth connection', async () => {
      const socket = new Socket();
      const first = await new Promise<string>((resolve) => {
        socket.once('error', () => resolve(''));
        socket.once('data', (data: Buffer) => resolve(data.toString('utf8')));
        socket.connect(22, fx.host(HOST).address);
      });
      if (first.startsWith('SSH-')) return socket;
      socket.destroy();
      return undefined;
    });
  }

  beforeAll(() => {
    fx = fixture();
  });
  afterAll(async () => {
    for (const made of open) await made.close();
  });

  it('tries again a connection sshd dropped over MaxStartups, and runs the command once', async () => {
    await restartSshd('1:100:1');
    const hold = await holdPreauthSlot();
    const dropsBefore = await drops();
    const running = transport().exec({ argv: ['sh', '-c', 'echo ran >> /root/maxstartups-runs; hostname'] });
    await until('sshd to drop a connection past MaxStartups', async () => ((await drops()) > dropsBefore ? true : undefined), 10_000, 20);
    hold.destroy();
    const result = await running;
    expect(result).toMatchObject({ exitCode: 0, stdout: `${HOST}\n` });
    expect(await lines('/root/maxstartups-runs')).toEqual(['ran']);
  });

  it('gives up after a few attempts in a bounded time, saying what happened', async () => {
    await restartSshd('1:100:1');
    const hold = await holdPreauthSlot();
    const dropsBefore = await drops();
    const started = Date.now();
    const error = await transport().exec({ argv: ['touch', '/root/never-ran'] }).then(() => undefined, (e: unknown) => e);
    hold.destroy();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'protocol', retryable: true, beforeCommand: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await drops()) - dropsBefore).toBe(4); // the first attempt and three more
    expect((await fx.fileStat(HOST, '/root/never-ran')).exists).toBe(false);
  });

  it('runs a session the master cannot take (MaxSessions) over a connection of its own, once, its stderr clean', async () => {
    await restartSshd('100:30:200', 3);
    const made = transport();
    await made.exec({ argv: ['true'] }); // the master holds one session slot for itself
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) =>
      made.exec({ argv: ['sh', '-c', 'echo "$1" >> /root/session-runs; sleep 0.3; echo "$1"', 'sh', String(n)] })));
    expect(results.map((result) => result.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n', '6\n']);
    expect(results.map((result) => result.stderr)).toEqual(['', '', '', '', '', '']);
    expect((await lines('/root/session-runs')).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('never runs again a command whose connection dropped while it ran', async () => {
    await restartSshd('100:30:200');
    const made = transport();
    const running = made.exec({ argv: ['sh', '-c', 'echo ran >> /root/dropped-runs; sleep 5'] });
    await until('the command to start', async () => ((await lines('/root/dropped-runs')).length > 0 ? true : undefined));
    await fx.stopSshd(HOST); // kills the sessions too: the connection drops under the running command
    await fx.startSshd(HOST);
    const outcome = await running.then((result) => result.exitCode, (error: unknown) => error);
    // Either ssh's own failure (not retried) or exit 255 of a cut session: never a second run.
    if (outcome instanceof TransportError) expect(outcome.beforeCommand).toBe(false);
    else expect(outcome).toBe(255);
    expect(await lines('/root/dropped-runs')).toEqual(['ran']);
    // The transport opens a new master for what comes next.
    expect((await made.exec({ argv: ['hostname'] })).stdout).toBe(`${HOST}\n`);
  });
});
