import { describe, expect, it } from 'vitest';
import { ConnectionPool } from './pool.js';

describe('ConnectionPool', () => {
  it('opens connections as work needs them, never more than its size, and reuses them', async () => {
    let opened = 0;
    let ended = 0;
    let busy = 0;
    let most = 0;
    const pool = new ConnectionPool(async () => ++opened, async () => void ++ended, 3);
    const work = Array.from({ length: 10 }, (_, i) => pool.use(async (connection) => {
      busy += 1;
      most = Math.max(most, busy);
      await new Promise((resolve) => setTimeout(resolve, 5));
      busy -= 1;
      return `${i}@${connection}`;
    }));
    const done = await Promise.all(work);
    expect(done).toHaveLength(10);
    expect(opened).toBe(3);
    expect(most).toBe(3);
    await pool.close();
    expect(ended).toBe(3);
  });

  it('passes on a failure to open and opens again for the next caller', async () => {
    let tries = 0;
    const pool = new ConnectionPool(async () => {
      tries += 1;
      if (tries === 1) throw new Error('refused');
      return tries;
    }, async () => undefined, 1);
    await expect(pool.use(async (c) => c)).rejects.toThrow('refused');
    expect(await pool.use(async (c) => c)).toBe(2);
  });

  it('never leaves a waiting caller hanging when connections cannot be opened', async () => {
    const pool = new ConnectionPool<number>(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('too many connections');
    }, async () => undefined, 2);
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => pool.use(async (c) => c)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });
});

describe('ConnectionPool: broken connections', () => {
  it('drops a connection that comes back broken and opens a new one in its slot', async () => {
    let opened = 0;
    const broken = new Set<number>();
    const pool = new ConnectionPool(async () => ++opened, async () => undefined, 1, (c) => broken.has(c));
    await expect(pool.use(async (c) => {
      broken.add(c); // a timeout destroyed it
      throw new Error('timed out');
    })).rejects.toThrow('timed out');
    expect(await pool.use(async (c) => c)).toBe(2);
    expect(await pool.use(async (c) => c)).toBe(2);
  });

  it('hands a waiting caller a fresh connection when the busy one breaks', async () => {
    let opened = 0;
    const broken = new Set<number>();
    const pool = new ConnectionPool(async () => ++opened, async () => undefined, 1, (c) => broken.has(c));
    let release: () => void = () => undefined;
    const first = pool.use(async (c) => {
      await new Promise<void>((resolve) => (release = resolve));
      broken.add(c);
    });
    const second = pool.use(async (c) => c);
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await first;
    expect(await second).toBe(2);
  });

  it('never hands out again a connection that close() ended while it was in use', async () => {
    let opened = 0;
    const ended: number[] = [];
    const pool = new ConnectionPool(async () => ++opened, async (c) => void ended.push(c), 2);
    await pool.use(async () => {
      await pool.close();
    });
    expect(ended).toEqual([1]);
    expect(await pool.use(async (c) => c)).toBe(2);
  });
});
