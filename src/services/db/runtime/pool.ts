/**
 * A few connections to one db server, opened as they are needed: actions on one server run at once
 * (the executor allows several per server), and one connection would make them wait for each other.
 * A caller holds a connection for a whole `use` (statements of one action run in order on one).
 */
export class ConnectionPool<C> {
  #idle: C[] = [];
  #opened: Promise<C>[] = [];
  /** Callers waiting for a connection; `undefined` means: a slot came free, try to open one. */
  #waiting: ((connection: C | undefined) => void)[] = [];
  #size = 0;

  constructor(
    private readonly open: () => Promise<C>,
    private readonly end: (connection: C) => Promise<void>,
    private readonly max: number,
  ) {}

  async use<T>(fn: (connection: C) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    try {
      return await fn(connection);
    } finally {
      this.#release(connection);
    }
  }

  /** Ends every connection; the pool can be used again afterwards (it opens new ones). */
  async close(): Promise<void> {
    const opened = this.#opened;
    this.#opened = [];
    this.#idle = [];
    this.#size = 0;
    // Whoever still waits opens a connection of its own (and meets the closed server, if it is).
    for (const waiter of this.#waiting.splice(0)) waiter(undefined);
    await Promise.allSettled(opened.map(async (pending) => this.end(await pending)));
  }

  async #acquire(): Promise<C> {
    for (;;) {
      const idle = this.#idle.pop();
      if (idle !== undefined) return idle;
      if (this.#size < this.max) break;
      const handed = await new Promise<C | undefined>((resolve) => this.#waiting.push(resolve));
      if (handed !== undefined) return handed;
    }
    this.#size += 1;
    const pending = this.open();
    this.#opened.push(pending);
    try {
      return await pending;
    } catch (error) {
      this.#size -= 1;
      this.#opened = this.#opened.filter((p) => p !== pending);
      // A slot came free: the next waiter tries to open one (and gets its own error if it fails too).
      this.#waiting.shift()?.(undefined);
      throw error;
    }
  }

  #release(connection: C): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next(connection);
    else this.#idle.push(connection);
  }
}

/** Connections per db server a task run may hold at once: the executor's default per-server limit. */
export const POOL_SIZE = 4;
