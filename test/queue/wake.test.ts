import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueDaemon, requestTask } from '../../src/hosting/index.js';
import { Waker } from '../../src/hosting/queue/waker.js';
import { SQLITE_FILE, type Store } from '../../src/store/index.js';
import { getTask, readTaskLog } from '../../src/store/queue/index.js';
import { createFixture, describeEachBackend, type StoreFixture } from '../store/backends.js';
import { anyVerb, FAST, recordingRunner, seedInventory, type Interval } from './support.js';

describe('Waker', () => {
  it('wakeOne wakes the longest sleeper only; wake wakes them all', async () => {
    const waker = new Waker();
    const woken: string[] = [];
    const a = waker.wait(60_000).then(() => woken.push('a'));
    const b = waker.wait(60_000).then(() => woken.push('b'));
    const c = waker.wait(60_000).then(() => woken.push('c'));
    waker.wakeOne();
    await a;
    expect(woken).toEqual(['a']);
    waker.wake();
    await Promise.all([b, c]);
    expect(woken.sort()).toEqual(['a', 'b', 'c']);
    waker.wakeOne();
  });
});

describeEachBackend('an idle daemon wakes at once for a task queued by another connection', (backend) => {
  let fixture: StoreFixture;
  let daemonStore: Store;
  let cliStore: Store;
  let daemon: QueueDaemon | undefined;

  beforeEach(async () => {
    fixture = await createFixture(backend);
    daemonStore = await fixture.open();
    cliStore = await fixture.open();
    await seedInventory(cliStore);
  });

  afterEach(async () => {
    await daemon?.stop(100);
    await daemonStore.close();
    await cliStore.close();
    fixture.dispose();
  });

  it('starts each task well before the next poll (LISTEN/NOTIFY on PostgreSQL, the watched file on SQLite)', async () => {
    const intervals: Interval[] = [];
    daemon = new QueueDaemon({
      store: daemonStore,
      runner: recordingRunner(intervals, 1),
      settings: { ...FAST, workers: 3, pollMs: 60_000 },
      ...(fixture.databaseUrl ? { databaseUrl: fixture.databaseUrl } : { sqliteFile: join(fixture.home, SQLITE_FILE) }),
    });
    await daemon.start();
    await new Promise((r) => setTimeout(r, 200));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const before = Date.now();
      const id = await requestTask(cliStore, 'cli:tester', { verb: 'verify', target: i % 2 === 0 ? '@a.example.com' : '@c.example.com' }, anyVerb);
      for (let n = 0; n < 400 && (await getTask(cliStore, id))?.status !== 'succeeded'; n++) await new Promise((r) => setTimeout(r, 5));
      const claimed = (await readTaskLog(cliStore, id)).find((e) => e.type === 'claimed');
      latencies.push((claimed?.at ?? Infinity) - before);
    }
    expect(intervals).toHaveLength(5);
    expect(Math.max(...latencies)).toBeLessThan(500);
  });
});
