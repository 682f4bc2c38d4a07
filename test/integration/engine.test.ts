import { mkdir, mkdtemp, rm, writeFile as writeDisk } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execute } from '../../src/engine/execute.js';
import { RecordingTransport } from '../../src/engine/recording-transport.js';
import type { ActionResult, ExecuteOptions, PlanResult } from '../../src/engine/types.js';
import type { Action } from '../../src/plan/action.js';
import { exec } from '../../src/plan/build-command-actions.js';
import { ensureDir, pushTree, removePath, writeFile } from '../../src/plan/build-file-actions.js';
import { createPlan } from '../../src/plan/build-plan.js';
import { SshTransport } from '../../src/transport/ssh.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

/** Server alias `@a` is fixture host `a`. */
const host = (server: string): string => server.slice(1);

describeWithFixture('engine on three hosts over ssh', () => {
  const fixture = useFixture({ hosts: ['a', 'b', 'c'] });
  let hub: string;
  let open: SshTransport[] = [];

  beforeAll(async () => {
    hub = await mkdtemp(join(tmpdir(), 'aegir-engine-hub-'));
    await mkdir(join(hub, 'code/lib'), { recursive: true });
    await writeDisk(join(hub, 'code/index.php'), '<?php require "lib/app.php";\n');
    await writeDisk(join(hub, 'code/lib/app.php'), '<?php echo "hello";\n');
  });
  afterAll(async () => {
    await closeAll();
    await rm(hub, { recursive: true, force: true });
  });

  /** Fresh SSH transports (so a fresh ControlMaster per server), each wrapped to record its calls. */
  function transports(): { options: Pick<ExecuteOptions, 'transports'>; recorded: Map<string, RecordingTransport> } {
    const recorded = new Map<string, RecordingTransport>();
    const fx = fixture();
    const options = {
      transports: (server: string) => {
        const ssh = new SshTransport({
          server,
          host: fx.host(host(server)).address,
          port: 22,
          user: 'root',
          identityFile: fx.ssh.identityFile,
          knownHostsFile: fx.ssh.knownHostsFile,
          controlDir: fx.ssh.controlDir,
          connectTimeoutMs: 5000,
        });
        open.push(ssh);
        const transport = new RecordingTransport(ssh);
        recorded.set(server, transport);
        return transport;
      },
    };
    return { options, recorded };
  }

  async function closeAll(): Promise<void> {
    await Promise.all(open.map((transport) => transport.close()));
    open = [];
  }

  const byId = (result: PlanResult): Map<string, ActionResult> => new Map(result.actions.map((action) => [action.id, action]));

  it('writes files on two servers at once, each on its own disk with its content, mode and owner', async () => {
    const { options, recorded } = transports();
    const plan = createPlan('write on a and b', [
      ensureDir({ id: 'a-dir', server: '@a', path: '/srv/eng1', mode: 0o750, owner: 'root', group: 'www-data' }),
      writeFile({ id: 'a-conf', server: '@a', path: '/srv/eng1/site.conf', content: 'on a\n', mode: 0o640, owner: 'root', group: 'www-data', after: ['a-dir'] }),
      writeFile({ id: 'a-php', server: '@a', path: '/srv/eng1/settings.php', content: '<?php // a\n', mode: 0o440, owner: 'www-data', group: 'www-data', after: ['a-dir'] }),
      ensureDir({ id: 'b-dir', server: '@b', path: '/srv/eng1', mode: 0o755 }),
      writeFile({ id: 'b-conf', server: '@b', path: '/srv/eng1/site.conf', content: 'on b\n', mode: 0o600, owner: 'www-data', group: 'root', after: ['b-dir'] }),
    ]);
    const result = await execute(plan, options);
    expect(result.status).toBe('succeeded');
    expect(result.actions.every((action) => action.status === 'changed')).toBe(true);

    const ids = byId(result);
    const [aDir, bDir] = [ids.get('a-dir'), ids.get('b-dir')];
    expect(aDir?.startedAt).toBeLessThan(bDir?.finishedAt ?? 0);
    expect(bDir?.startedAt).toBeLessThan(aDir?.finishedAt ?? 0);
    // The first round trips to a and b (each ensureDir's inspect) were on the wire at the same time.
    const [aFirst] = recorded.get('@a')?.callsOf('inspect') ?? [];
    const [bFirst] = recorded.get('@b')?.callsOf('inspect') ?? [];
    expect(aFirst?.startedAt).toBeLessThan(bFirst?.endedAt ?? 0);
    expect(bFirst?.startedAt).toBeLessThan(aFirst?.endedAt ?? 0);
    // Both files of a went in one placement.
    expect(recorded.get('@a')?.callsOf('place').map((call) => call.subject)).toEqual([
      ['/srv/eng1/site.conf', '/srv/eng1/settings.php'],
    ]);

    const fx = fixture();
    expect(await fx.readFile('a', '/srv/eng1/site.conf')).toBe('on a\n');
    expect(await fx.readFile('b', '/srv/eng1/site.conf')).toBe('on b\n');
    expect(await fx.fileStat('a', '/srv/eng1')).toMatchObject({ type: 'dir', mode: 0o750, uid: 0, gid: 33 });
    expect(await fx.fileStat('a', '/srv/eng1/site.conf')).toMatchObject({ type: 'file', mode: 0o640, uid: 0, gid: 33 });
    expect(await fx.fileStat('a', '/srv/eng1/settings.php')).toMatchObject({ type: 'file', mode: 0o440, uid: 33, gid: 33 });
    expect(await fx.fileStat('b', '/srv/eng1/site.conf')).toMatchObject({ type: 'file', mode: 0o600, uid: 33, gid: 0 });
    expect(await fx.fileStat('b', '/srv/eng1/settings.php')).toEqual({ exists: false });
    expect(await fx.fileStat('c', '/srv/eng1')).toEqual({ exists: false });
  });

  it('rolls both servers back byte for byte when the 5th action fails on b, and names it', async () => {
    const fx = fixture();
    await prepare(fx);
    const before = { a: await fx.snapshot('a', '/srv'), b: await fx.snapshot('b', '/srv'), bEtc: await fx.snapshot('b', '/etc/eng2') };
    const { options } = transports();
    const plan = createPlan('fails on b', [
      ensureDir({ id: 'a-dir', server: '@a', path: '/srv/eng2/new/conf', mode: 0o750 }),
      writeFile({ id: 'a-conf', server: '@a', path: '/srv/eng2/new/conf/site.conf', content: 'new\n', after: ['a-dir'] }),
      pushTree({ id: 'a-push', server: '@a', source: join(hub, 'code'), target: '/srv/eng2/code', deleteExtraneous: true }),
      writeFile({ id: 'b-conf', server: '@b', path: '/etc/eng2/existing.conf', content: 'replaced\n', mode: 0o600 }),
      exec({ id: 'b-fail', server: '@b', argv: ['sh', '-c', 'echo cannot go on >&2; exit 3'], after: ['a-conf', 'a-push', 'b-conf', 'b-rm'] }),
      removePath({ id: 'b-rm', server: '@b', path: '/srv/eng2/old', recursive: true }),
      removePath({ id: 'a-rm', server: '@a', path: '/srv/eng2/gone.txt' }),
      writeFile({ id: 'b-later', server: '@b', path: '/srv/eng2/later', content: 'x', after: ['b-fail'] }),
    ]);
    const result = await execute(plan, options);

    expect(result.status).toBe('failed');
    expect(result.failure).toEqual({ actionId: 'b-fail', server: '@b', reason: 'sh exited with 3: cannot go on' });
    expect(Object.fromEntries(result.actions.map((action) => [action.id, action.status]))).toEqual({
      'a-dir': 'undone', 'a-conf': 'undone', 'a-push': 'undone', 'b-conf': 'undone',
      'b-fail': 'failed', 'b-rm': 'undone', 'a-rm': 'undone', 'b-later': 'skipped',
    });
    expect(byId(result).get('b-fail')?.stderrTail).toBe('cannot go on\n');
    expect(await fx.snapshot('a', '/srv')).toEqual(before.a);
    expect(await fx.snapshot('b', '/srv')).toEqual(before.b);
    expect(await fx.snapshot('b', '/etc/eng2')).toEqual(before.bEtc);
  });

  it('reports no change on an unchanged rerun and opens at most one ssh connection per server', async () => {
    const plan = createPlan('converge', [
      ensureDir({ id: 'a-dir', server: '@a', path: '/srv/eng3', mode: 0o755 }),
      writeFile({ id: 'a-1', server: '@a', path: '/srv/eng3/one.conf', content: 'one\n', after: ['a-dir'] }),
      writeFile({ id: 'a-2', server: '@a', path: '/srv/eng3/two.conf', content: 'two\n', mode: 0o600, after: ['a-dir'] }),
      pushTree({ id: 'a-push', server: '@a', source: join(hub, 'code'), target: '/srv/eng3/code', after: ['a-dir'] }),
      ensureDir({ id: 'b-dir', server: '@b', path: '/srv/eng3', mode: 0o700 }),
      writeFile({ id: 'b-1', server: '@b', path: '/srv/eng3/one.conf', content: 'b one\n', after: ['b-dir'] }),
      removePath({ id: 'b-rm', server: '@b', path: '/srv/eng3/absent' }),
    ]);
    const first = await execute(plan, transports().options);
    expect(first.status).toBe('succeeded');
    await closeAll();

    const fx = fixture();
    const opensBefore = { a: await passiveOpens(fx, 'a'), b: await passiveOpens(fx, 'b') };
    const again = await execute(plan, transports().options);
    const opened = { a: (await passiveOpens(fx, 'a')) - opensBefore.a, b: (await passiveOpens(fx, 'b')) - opensBefore.b };
    await closeAll();

    expect(again.status).toBe('succeeded');
    expect(again.actions.filter((action) => action.status !== 'ok')).toEqual([]);
    expect(opened).toEqual({ a: 1, b: 1 });
  });

  it('rolls back when cancelled mid-plan, after the running action finished', async () => {
    const fx = fixture();
    await prepare(fx);
    const before = { a: await fx.snapshot('a', '/srv'), b: await fx.snapshot('b', '/etc/eng2') };
    const controller = new AbortController();
    const { options } = transports();
    const actions: Action[] = [
      writeFile({ id: 'a-conf', server: '@a', path: '/srv/eng2/site.conf', content: 'new\n' }),
      writeFile({ id: 'b-conf', server: '@b', path: '/etc/eng2/existing.conf', content: 'replaced\n' }),
      exec({ id: 'a-slow', server: '@a', argv: ['sleep', '0.5'], after: ['a-conf', 'b-conf'] }),
      removePath({ id: 'a-rm', server: '@a', path: '/srv/eng2/gone.txt', after: ['a-slow'] }),
    ];
    const result = await execute(createPlan('cancel', actions), {
      ...options,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'action-start' && event.id === 'a-slow') controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(result.actions.map((action) => action.status)).toEqual(['undone', 'undone', 'changed', 'skipped']);
    expect(byId(result).get('a-slow')?.durationMs).toBeGreaterThanOrEqual(450);
    expect(await fx.snapshot('a', '/srv')).toEqual(before.a);
    expect(await fx.snapshot('b', '/etc/eng2')).toEqual(before.b);
  });
});

/** What the rollback tests start from on a and b (run inside the hosts, not through the engine). */
async function prepare(fx: Fixture): Promise<void> {
  const script = [
    'rm -rf /srv/eng2 /etc/eng2',
    'mkdir -p /srv/eng2/code/lib /srv/eng2/old/deep /etc/eng2',
    'echo old > /srv/eng2/code/index.php',
    'echo extra > /srv/eng2/code/extra.php',
    'echo keep > /srv/eng2/old/deep/keep.txt',
    'echo gone > /srv/eng2/gone.txt',
    'printf "existing\\n" > /etc/eng2/existing.conf',
    'chmod 640 /etc/eng2/existing.conf',
    'chown root:www-data /etc/eng2/existing.conf',
  ].join(' && ');
  for (const name of ['a', 'b']) {
    const result = await fx.run(name, ['sh', '-c', script]);
    expect(result.exitCode, result.stderr).toBe(0);
  }
}

/** TCP connections the host has accepted so far (`PassiveOpens` of its own network namespace). */
async function passiveOpens(fx: Fixture, name: string): Promise<number> {
  const result = await fx.run(name, ['cat', '/proc/net/snmp']);
  const [header, values] = result.stdout.split('\n').filter((line) => line.startsWith('Tcp:'));
  const index = header?.split(/\s+/).indexOf('PassiveOpens') ?? -1;
  const value = Number(values?.split(/\s+/)[index]);
  if (index < 0 || !Number.isFinite(value)) throw new Error(`no PassiveOpens in /proc/net/snmp of ${name}`);
  return value;
}
