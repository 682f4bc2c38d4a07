import { describe, expect, it } from 'vitest';
import { TransportError } from './errors.js';
import { isRetryableBeforeCommand, retryDelay, SSH_RETRY, withRetry, type RetryPolicy } from './retry.js';

const refused = (beforeCommand = true, reason: TransportError['reason'] = 'unreachable'): TransportError =>
  new TransportError({ server: '@web1', reason, detail: 'connection refused', retryable: true, beforeCommand });

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('isRetryableBeforeCommand', () => {
  it('retries only transport failures that may pass and came before the command', () => {
    expect(isRetryableBeforeCommand(refused())).toBe(true);
    expect(isRetryableBeforeCommand(refused(false))).toBe(false);
    expect(isRetryableBeforeCommand(refused(true, 'timeout'))).toBe(false);
    expect(isRetryableBeforeCommand(new TransportError({ server: '@a', reason: 'host_key_changed', detail: 'x', retryable: false, beforeCommand: true }))).toBe(false);
    expect(isRetryableBeforeCommand(new Error('connection refused'))).toBe(false);
  });
});

describe('retryDelay', () => {
  it('doubles up to the ceiling, with half of each wait random', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(SSH_RETRY, n, () => 1))).toEqual([200, 400, 800, 1600, 2000, 2000]);
    expect(retryDelay(SSH_RETRY, 1, () => 0)).toBe(100);
    expect(retryDelay(SSH_RETRY, 3, () => 0.5)).toBe(600);
  });
});

describe('withRetry', () => {
  it('runs again after a failure before the command, and returns the first success', async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await withRetry(async (attempt) => {
      calls += 1;
      if (attempt < 3) throw refused();
      return 'ok';
    }, { ...time, random: () => 1 });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(time.waits).toEqual([200, 400]);
  });

  it('never runs again what may have started', async () => {
    let calls = 0;
    const failure = refused(false);
    await expect(withRetry(async () => {
      calls += 1;
      throw failure;
    }, fakeTime())).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt with the last error', async () => {
    const time = fakeTime();
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw refused();
    }, { ...time, random: () => 1 })).rejects.toThrow(/connection refused/);
    expect(calls).toBe(SSH_RETRY.attempts);
    expect(time.waits).toEqual([200, 400, 800]);
  });

  it('starts no retry past the total bound', async () => {
    const policy: RetryPolicy = { attempts: 10, baseDelayMs: 1000, maxDelayMs: 1000, totalMs: 2500 };
    const time = fakeTime();
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw refused();
    }, { ...time, policy, random: () => 1 })).rejects.toThrow();
    expect(calls).toBe(3);
    expect(time.now()).toBeLessThanOrEqual(2500);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw refused();
    }, { signal: controller.signal, sleep: async () => controller.abort() })).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
