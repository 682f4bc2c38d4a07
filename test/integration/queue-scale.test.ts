/**
 * Three `aegir serve` processes share one PostgreSQL queue: 300 tasks on ten sites run each
 * exactly once, one at a time per site in queue order, and every daemon does some of them.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTask } from '../../src/hosting/index.js';
import type { Store } from '../../src/store/index.js';
import { listTasks, readTaskLog } from '../../src/store/queue/index.js';
import { ensureBuilt } from '../cli/aegir-binary.js';
import { spawnDaemon, type DaemonProcess } from '../queue/daemon-process.js';
import { anyVerb, seedInventory } from '../queue/support.js';
import { createFixture, type StoreFixture } from '../store/backends.js';
import { site } from '../store/sample-entities.js';
import { postgresSkipReason, stopTestPostgres } from '../support/postgres.js';

const TASKS = 300;
const SITES = Array.from({ length: 10 }, (_, i) => `s${i}.example.com`);

describe.skipIf(postgresSkipReason !== undefined)('3 aegir serve processes on one PostgreSQL', () => {
  let fixture: StoreFixture;
  let store: Store;
  let dir: string;
  const daemons: DaemonProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    fixture = await createFixture('postgres');
    store = await fixture.open();
    await seedInventory(store);
    for (const [i, uri] of SITES.entries()) await store.sites.insert({ ...site(uri), platform: i % 2 === 0 ? '@p1' : '@p2' });
    dir = mkdtempSync(join(tmpdir(), 'aegir-scale-'));
  });

  afterAll(async () => {
    for (const d of daemons.splice(0)) {
      d.child.kill('SIGKILL');
      await d.exited;
    }
    await store?.close();
    fixture?.dispose();
    rmSync(dir, { recursive: true, force: true });
    await stopTestPostgres();
  });

  it('runs 300 tasks: each exactly once, per-site order held, all three daemons worked', { timeout: 90_000 }, async () => {
    const env = {
      AEGIR_HOME: fixture.home, AEGIR_DATABASE_URL: fixture.databaseUrl, AEGIR_TEST_DIR: dir, AEGIR_TEST_SLEEP: '0',
      AEGIR_WORKERS: '4', AEGIR_PER_SERVER_TASKS: '100', AEGIR_QUEUE_POLL_MS: '60000', AEGIR_QUEUE_HEARTBEAT_MS: '500',
    };
    for (let i = 0; i < 3; i++) daemons.push(spawnDaemon(env));
    await Promise.all(daemons.map((d) => d.ready));
    for (const d of daemons) expect(d.child.exitCode, d.stderr()).toBeNull();

    const started = Date.now();
    const ids: { id: number; target: string }[] = [];
    for (let i = 0; i < TASKS; i++) {
      const target = `@${SITES[i % SITES.length] as string}`;
      ids.push({ id: await requestTask(store, 'cli:tester', { verb: 'slow', target }, anyVerb), target });
    }
    for (;;) {
      const open = [...(await listTasks(store, { status: 'queued', limit: 1 })), ...(await listTasks(store, { status: 'running', limit: 1 }))];
      if (open.length === 0) break;
      expect(Date.now() - started, 'all tasks finished within 60 s').toBeLessThan(60_000);
      await new Promise((r) => setTimeout(r, 200));
    }
    const elapsed = Date.now() - started;

    const tasks = await listTasks(store, { limit: 1000 });
    expect(tasks).toHaveLength(TASKS);
    expect(tasks.filter((t) => t.status !== 'succeeded' || t.attempt !== 1)).toEqual([]);
    // Each ran once: one claim each, and each wrote its two files once.
    expect(readdirSync(dir).sort()).toEqual(ids.flatMap(({ id }) => [`first-${id}`, `second-${id}`]).sort());

    const daemonsThatWorked = new Set<string>();
    for (const target of SITES.map((uri) => `@${uri}`)) {
      const spans: { id: number; start: number; end: number }[] = [];
      for (const { id } of ids.filter((t) => t.target === target)) {
        const log = await readTaskLog(store, id);
        const claims = log.filter((e) => e.type === 'claimed');
        expect(claims, `task ${id} claimed once`).toHaveLength(1);
        daemonsThatWorked.add(String(claims[0]?.data.owner).split(':w')[0] as string);
        spans.push({ id, start: claims[0]?.at as number, end: log.find((e) => e.type === 'task-end')?.at as number });
      }
      // In queue order, and never two at once: each starts after the one before it ended.
      for (let i = 1; i < spans.length; i++) {
        const [before, after] = [spans[i - 1], spans[i]] as [typeof spans[0], typeof spans[0]];
        expect(after.start, `${target}: task ${after.id} started after task ${before.id} ended`).toBeGreaterThanOrEqual(before.end);
      }
    }
    expect(daemonsThatWorked.size).toBe(3);
    for (const d of daemons) d.child.kill('SIGTERM');
    expect(await Promise.all(daemons.map((d) => d.exited))).toEqual([0, 0, 0]);
    daemons.splice(0);
    console.log(`300 tasks on 3 daemons: ${elapsed} ms`);
  });
});
