import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { checkDeleteRequest, hubRunner, requestDelete, requestInstall, requestTask } from '../../src/hosting/index.js';
import { earlierRunActed, runClaimed, runEmbedded } from '../../src/hosting/queue/index.js';
import type { Store } from '../../src/store/index.js';
import { appendLogLines, claimTask, getTask, listTasks, readTaskLog } from '../../src/store/queue/index.js';
import { createFixture, describeEachBackend, type StoreFixture } from '../store/backends.js';
import { FAST, seedInventory, slowRunner } from './support.js';

const ACTOR = 'cli:tester';

describeEachBackend('queued site requests and what a run stores', (backend) => {
  let fixture: StoreFixture;
  let store: Store;

  beforeEach(async () => {
    fixture = await createFixture(backend);
    store = await fixture.open();
    await seedInventory(store);
  });

  afterEach(async () => {
    await store.close();
    fixture.dispose();
  });

  it('install uri --platform --db adds the site and queues its install together; a bad site adds and queues nothing', async () => {
    const { site, taskId } = await requestInstall(store, ACTOR, { site: 'new.example.com', add: { uri: 'new.example.com', platform: '@p1', db: '@db1' } });
    expect(site).toBe('@new.example.com');
    expect(await store.sites.get('@new.example.com')).toMatchObject({ status: 'new', platform: '@p1' });
    expect(await getTask(store, taskId)).toMatchObject({ verb: 'install', target: '@new.example.com', status: 'queued', requestedBy: ACTOR });

    const before = await listTasks(store);
    await expect(requestInstall(store, ACTOR, { site: 'bad.example.com', add: { uri: 'bad.example.com', platform: '@nope', db: '@db1' } }))
      .rejects.toThrow(/@nope/);
    expect(await store.sites.get('@bad.example.com')).toBeUndefined();
    expect(await listTasks(store)).toEqual(before);

    const again = await requestInstall(store, ACTOR, { site: 'a.example.com', acceptHostKey: true });
    expect(await getTask(store, again.taskId)).toMatchObject({ target: '@a.example.com', args: { acceptHostKey: true } });
  });

  it('delete is refused at once for a site that serves, unless forced; force goes in the task args', async () => {
    const site = await store.sites.get('@a.example.com');
    await store.sites.update({ ...site!, status: 'enabled' });
    await expect(requestDelete(store, ACTOR, { site: '@a.example.com' })).rejects.toMatchObject({ code: 'site_not_disabled', exitCode: 2 });
    expect(await listTasks(store)).toEqual([]);
    const forced = await requestDelete(store, ACTOR, { site: 'a.example.com', force: true });
    expect(await getTask(store, forced)).toMatchObject({ verb: 'delete', target: '@a.example.com', args: { force: true } });
    await expect(requestDelete(store, ACTOR, { site: '@nope.example.com' })).rejects.toThrow(/nope\.example\.com/);
  });

  it('delete --no-backup records backup: false in the task args; checkDeleteRequest refuses what requestDelete would', async () => {
    const site = await store.sites.get('@a.example.com');
    await store.sites.update({ ...site!, status: 'enabled' });
    await expect(checkDeleteRequest(store, ACTOR, { site: 'a.example.com' })).rejects.toMatchObject({ code: 'site_not_disabled', exitCode: 2 });
    await expect(checkDeleteRequest(store, ACTOR, { site: 'nope.example.com' })).rejects.toMatchObject({ code: 'not_found' });
    await checkDeleteRequest(store, ACTOR, { site: 'a.example.com', force: true });
    expect(await listTasks(store)).toEqual([]);
    const id = await requestDelete(store, ACTOR, { site: 'a.example.com', force: true, backup: false });
    expect((await getTask(store, id))?.args).toEqual({ force: true, backup: false });
    const kept = await requestDelete(store, ACTOR, { site: 'a.example.com', force: true });
    expect((await getTask(store, kept))?.args).toEqual({ force: true });
  });

  it('a queued delete is checked again when it runs: the site was enabled since, so it fails before touching anything', async () => {
    const site = await store.sites.get('@a.example.com');
    await store.sites.update({ ...site!, status: 'disabled' });
    const id = await requestDelete(store, ACTOR, { site: '@a.example.com' });
    await store.sites.update({ ...site!, status: 'enabled' });
    await runEmbedded(store, id, hubRunner(store, fixture.home), FAST);
    const task = await getTask(store, id);
    expect(task).toMatchObject({ status: 'failed' });
    expect(task?.error).toMatch(/disable it first/);
    expect(task?.plan).toBeUndefined();
    expect(await store.sites.get('@a.example.com')).toMatchObject({ status: 'enabled' });
  });

  it('stores the redacted plan before the run starts (a running task shows it) and the per-action results at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegir-plan-'));
    try {
      const id = await requestTask(store, ACTOR, { verb: 'slow', target: '@a.example.com' }, () => undefined);
      const claimed = await claimTask(store, { owner: 'w', leaseMs: 5000, perServerLimit: 10, maxAttempts: 3, onlyTaskId: id });
      const run = runClaimed(store, claimed!, { owner: 'w', leaseMs: 5000, heartbeatMs: 100, runner: slowRunner(dir, 1) });
      for (let i = 0; i < 200 && !existsSync(join(dir, `first-${id}`)); i++) await new Promise((r) => setTimeout(r, 10));
      const running = await getTask(store, id);
      expect(running?.status).toBe('running');
      expect(running?.result).toBeUndefined();
      expect(running?.plan).toMatchObject({ title: 'slow @a.example.com', actions: [{ id: 'first' }, { id: 'sleep' }, { id: 'second' }] });
      expect(await run).toBe('succeeded');
      const done = await getTask(store, id);
      expect(done?.result).toMatchObject({ status: 'succeeded', actions: [{ id: 'first', status: 'changed' }, { id: 'sleep' }, { id: 'second', status: 'changed' }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows from the log whether a lost run acted: only actions started by earlier attempts count', async () => {
    const { taskId } = await requestInstall(store, ACTOR, { site: 'a.example.com' });
    const first = await claimTask(store, { owner: 'dead', leaseMs: 5000, perServerLimit: 10, maxAttempts: 3 });
    expect(await earlierRunActed(store, first!)).toBe(false);
    const second = { ...first!, attempt: 2 };
    expect(await earlierRunActed(store, second)).toBe(false);
    await appendLogLines(store, taskId, 1, [{ at: Date.now(), type: 'action-start', data: { id: 'db:create' } }]);
    expect(await earlierRunActed(store, second)).toBe(true);
    expect((await readTaskLog(store, taskId)).map((e) => e.type)).toEqual(['claimed', 'action-start']);
  });
});
