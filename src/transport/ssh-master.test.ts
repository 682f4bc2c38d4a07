import { describe, expect, it } from 'vitest';
import { acquireMaster, forgetMaster, masterUsers, overMaster, readyMaster, releaseMaster } from './ssh-master.js';

let next = 0;
/** A control path of its own for each test (the registry is per process). */
const freshPath = (): string => `/run/test/master-${(next += 1)}`;

describe('ssh masters of one process', () => {
  it('opens a master once for every caller that waits for it at the same time', async () => {
    const path = freshPath();
    let opened = 0;
    const open = async (): Promise<void> => {
      opened += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    for (let i = 0; i < 5; i += 1) acquireMaster(path);
    await Promise.all([1, 2, 3, 4, 5].map(() => readyMaster(path, open, 60_000)));
    expect(opened).toBe(1);
    await readyMaster(path, open, 60_000);
    expect(opened).toBe(1);
  });

  it('stops the master only when its last user closes, and waits for an opening first', async () => {
    const path = freshPath();
    const log: string[] = [];
    let finishOpening: () => void = () => undefined;
    const open = (): Promise<void> => new Promise((resolve) => (finishOpening = () => (log.push('opened'), resolve())));
    const exit = async (): Promise<void> => void log.push('exit');
    acquireMaster(path);
    acquireMaster(path);
    const ready = readyMaster(path, open, 60_000);
    await releaseMaster(path, exit);
    expect(log).toEqual([]);
    expect(masterUsers(path)).toBe(1);
    const closing = releaseMaster(path, exit);
    finishOpening();
    await Promise.all([ready, closing]);
    expect(log).toEqual(['opened', 'exit']);
    expect(masterUsers(path)).toBe(0);
    await releaseMaster(path, exit); // nobody uses it: nothing to stop
    expect(log).toEqual(['opened', 'exit']);
  });

  it('opens a new master after one was stopped, once the stop is done', async () => {
    const path = freshPath();
    const log: string[] = [];
    const open = async (): Promise<void> => void log.push('open');
    let finishExit: () => void = () => undefined;
    const exit = (): Promise<void> => new Promise((resolve) => (finishExit = () => (log.push('exit'), resolve())));
    acquireMaster(path);
    await readyMaster(path, open, 60_000);
    const closing = releaseMaster(path, exit);
    acquireMaster(path);
    const again = readyMaster(path, open, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(['open']);
    finishExit();
    await Promise.all([closing, again]);
    expect(log).toEqual(['open', 'exit', 'open']);
  });

  it('forgets a failed opening, and a master that failed under a command', async () => {
    const path = freshPath();
    let attempts = 0;
    const open = async (): Promise<void> => {
      attempts += 1;
      if (attempts === 1) throw new Error('refused');
    };
    acquireMaster(path);
    await expect(readyMaster(path, open, 60_000)).rejects.toThrow('refused');
    await readyMaster(path, open, 60_000);
    forgetMaster(path);
    await readyMaster(path, open, 60_000);
    expect(attempts).toBe(3);
  });

  it('checks a master again when it sat idle for long, never while a command runs over it', async () => {
    const path = freshPath();
    let opened = 0;
    const open = async (): Promise<void> => void (opened += 1);
    acquireMaster(path);
    await readyMaster(path, open, 20);
    await overMaster(path, async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      await readyMaster(path, open, 20); // busy: not idle, not checked again
    });
    expect(opened).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await readyMaster(path, open, 20);
    expect(opened).toBe(2);
  });
});
