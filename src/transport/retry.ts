/**
 * Bounded retries of transport operations that failed before their command could start (a
 * connection refused while sshd restarts, a MaxStartups drop, a master that refused a session):
 * a few attempts, exponential backoff with jitter, and a bound on the whole wait.
 */
import { TransportError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait before the first retry; it doubles for each next one, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts later than this after the first attempt started. */
  readonly totalMs: number;
}

/** ssh: up to 4 attempts within 10 s (waits of up to 0.2, 0.4 and 0.8 s, at least half of each). */
export const SSH_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 2000, totalMs: 10_000 };

/**
 * Whether running the operation again is safe and may help: the transport said so, and that the
 * command cannot have started. A connect timeout is not retried: the server already had the whole
 * connect timeout to answer, and retrying would multiply the wait the operator configured.
 */
export function isRetryableBeforeCommand(error: unknown): error is TransportError {
  return error instanceof TransportError && error.retryable && error.beforeCommand && error.reason !== 'timeout';
}

/** The wait before retry number `retry` (1 for the first): half fixed, half random ("equal jitter"). */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryOptions {
  readonly policy?: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of every retry before its wait (for logs and tests). */
  readonly onRetry?: (error: TransportError, retry: number, delayMs: number) => void;
}

/** Runs `operation`, again after a retryable failure before its command started, within the policy's bounds. */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? SSH_RETRY;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const started = now();
  const aborted = (): boolean => options.signal?.aborted === true;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryableBeforeCommand(error) || attempt >= policy.attempts || aborted()) throw error;
      const delay = retryDelay(policy, attempt, options.random);
      if (now() - started + delay > policy.totalMs) throw error;
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
      if (aborted()) throw error;
    }
  }
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
