/** Sleeps that end early when something happens (a notification, a task finished here). */
export class Waker {
  private waiters: (() => void)[] = [];

  /** Resolves after `ms`, or at the next `wake()` (or `wakeOne()` that picks it). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.push(done);
    });
  }

  /** Wakes every sleeper. */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Wakes the sleeper that slept longest, if any: one new task needs one worker, and waking them
   * all would only make them queue for the claim. A worker that claimed wakes the next one.
   */
  wakeOne(): void {
    this.waiters[0]?.();
  }
}
