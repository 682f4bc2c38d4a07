import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHub, ensureBuilt, type Hub } from '../cli/aegir-binary.js';
import { describeEachBackend } from '../store/backends.js';
import { createTestDatabase } from '../support/postgres.js';
import { spawnDaemon } from './daemon-process.js';

describeEachBackend('aegir task commands', (backend) => {
  let hub: Hub;
  let baseEnv: NodeJS.ProcessEnv;
  const ok = (args: string[]): string => {
    const run = hub.run(args);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout;
  };
  const show = (id: string): { status: string; attempt: number; retryOf?: number; result?: unknown } =>
    JSON.parse(ok(['task', 'show', id, '--json'])) as { status: string; attempt: number };

  beforeAll(async () => {
    ensureBuilt();
    baseEnv = backend === 'postgres' ? { AEGIR_DATABASE_URL: await createTestDatabase() } : {};
    hub = createHub(baseEnv);
    ok(['init']);
    ok(['server', 'add', '@s1', '--host', '127.0.0.1', '--http', 'null', '--db', 'null', '--files', 'local']);
    ok(['server', 'add', '@bad', '--host', '127.0.0.1', '--ssh-port', '1', '--http', 'nginx', '--files', 'rsync']);
  });

  afterAll(() => hub.dispose());

  it('a task verb queues the task, runs it in-process without a daemon, and exits 0 when it succeeded', () => {
    const out = ok(['verify', '@s1']);
    expect(out).toMatch(/^verify @s1: succeeded .*\(task \d+\)$/m);
    const id = /\(task (\d+)\)$/m.exec(out)?.[1] as string;
    expect(show(id)).toMatchObject({ status: 'succeeded', attempt: 1, result: { status: 'succeeded' } });
    const log = ok(['task', 'log', id]);
    expect(log).toMatch(/#1 +claimed .*:cli/);
    expect(log).toMatch(/task-end/);
  });

  it('exits 1 when the task failed, and retry queues it again as a new task', () => {
    const run = hub.run(['verify', '@bad']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^verify @bad: failed.*\(task \d+\)$/m);
    expect(run.stderr).toMatch(/failed/);
    const id = /\(task (\d+)\)$/m.exec(run.stdout)?.[1] as string;
    expect(show(id).status).toBe('failed');
    const failed = JSON.parse(ok(['task', 'list', '--status', 'failed', '--entity', '@bad', '--json'])) as { id: number }[];
    expect(failed.map((t) => String(t.id))).toEqual([id]);
    const again = ok(['task', 'retry', id]).trim();
    expect(again).not.toBe(id);
    expect(show(again)).toMatchObject({ status: 'queued', retryOf: Number(id) });
    expect(ok(['task', 'cancel', again])).toBe(`task ${again} cancelled\n`);
    const retryDone = hub.run(['task', 'retry', ok(['task', 'list', '--status', 'succeeded', '--json']).match(/"id": (\d+)/)?.[1] as string]);
    expect(retryDone.code).toBe(2);
  });

  it('--no-wait prints the id (and warns that no daemon runs it); task list, show, cancel; bad ids are refused', () => {
    const queued = hub.run(['verify', '@s1', '--no-wait']);
    expect(queued.code).toBe(0);
    expect(queued.stderr).toMatch(/^aegir: warning: no 'aegir serve' is running on this hub: task \d+ waits in the queue/);
    const id = queued.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    expect(ok(['task', 'list', '--status', 'queued'])).toMatch(new RegExp(`^${id} +queued +verify +@s1 +cli:`, 'm'));
    expect(ok(['task', 'show', id])).toMatch(/^status +queued$/m);
    expect(ok(['task', 'cancel', id])).toBe(`task ${id} cancelled\n`);
    expect(show(id).status).toBe('cancelled');
    expect(hub.run(['task', 'cancel', id]).code).toBe(1);
    expect(hub.run(['task', 'show', '999999']).code).toBe(2);
    expect(hub.run(['task', 'show', 'x']).code).toBe(2);
    expect(hub.run(['task', 'list', '--status', 'nope']).code).toBe(2);
  });

  it('--dry-run prints the plan and queues nothing', () => {
    const before = (JSON.parse(ok(['task', 'list', '--json'])) as unknown[]).length;
    ok(['verify', '@s1', '--dry-run']);
    expect(JSON.parse(ok(['task', 'list', '--json']))).toHaveLength(before);
  });

  it('with a daemon running, the CLI follows the task the daemon runs; task log --follow waits for the end', async () => {
    const daemon = spawnDaemon({ AEGIR_HOME: hub.home, ...baseEnv, AEGIR_QUEUE_POLL_MS: '100' }, { testTasks: false });
    try {
      await daemon.ready;
      const id = ok(['verify', '@s1', '--no-wait']).trim();
      const followed = await hub.start(['task', 'log', id, '--follow']);
      expect(followed.code).toBe(0);
      expect(followed.stdout).toMatch(/task-end/);
      expect(followed.stdout).toMatch(new RegExp(`^verify @s1: succeeded .*\\(task ${id}\\)$`, 'm'));
      const waited = await hub.start(['verify', '@s1']);
      expect(waited.code).toBe(0);
      const waitedId = /\(task (\d+)\)$/m.exec(waited.stdout)?.[1] as string;
      const log = ok(['task', 'log', waitedId]);
      expect(log).toMatch(/claimed/);
      expect(log).not.toMatch(/:cli"/);
    } finally {
      daemon.child.kill('SIGTERM');
      expect(await daemon.exited).toBe(0);
    }
  });
});
