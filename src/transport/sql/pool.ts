/**
 * A few connections to one db server, opened as they are needed: actions on one server run at once
 * (the executor allows several per server), and one connection would make them wait for each other.
 * A caller holds a connection for a whole `use` (statements of one action run in order on one).
 * A connection found broken when it comes back (`isBroken`: destroyed after a timeout) is
 * dropped, not reused: its slot opens a new one.
 */
export class ConnectionPool<C> {
  #idle: C[] = [];
  /** Every connection opened and not dropped, idle or in use. */
  #live = new Set<C>();
  /** Openings under way. */
  #opening = new Set<Promise<C>>();
  /** Callers waiting for a connection; `undefined` means: a slot came free, try to open one. */
  #waiting: ((connection: C | undefined) => void)[] = [];
  #size = 0;

  constructor(
    private readonly open: () => Promise<C>,
    private readonly end: (connection: C) => Promise<void>,
    private readonly max: number,
    private readonly isBroken: (connection: C) => boolean = () => false,
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
    const live = [...this.#live];
    const opening = [...this.#opening];
    this.#live = new Set();
    this.#opening = new Set();
    this.#idle = [];
    this.#size = 0;
    // Whoever still waits opens a connection of its own (and meets the closed server, if it is).
    for (const waiter of this.#waiting.splice(0)) waiter(undefined);
    await Promise.allSettled([...live.map((c) => this.end(c)), ...opening.map(async (pending) => this.end(await pending))]);
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
    this.#opening.add(pending);
    try {
      const connection = await pending;
      if (this.#opening.delete(pending)) this.#live.add(connection);
      return connection;
    } catch (error) {
      if (this.#opening.delete(pending)) this.#size -= 1;
      // A slot came free: the next waiter tries to open one (and gets its own error if it fails too).
      this.#waiting.shift()?.(undefined);
      throw error;
    }
  }

  #release(connection: C): void {
    // Broken, or ended by a `close` while in use: never handed out again.
    if (!this.#live.has(connection) || this.isBroken(connection)) {
      if (this.#live.delete(connection)) this.#size -= 1;
      this.#waiting.shift()?.(undefined); // its slot is free: the next waiter opens a new connection
      return;
    }
    const next = this.#waiting.shift();
    if (next !== undefined) next(connection);
    else this.#idle.push(connection);
  }
}

/** Connections per db server a task run may hold at once: the executor's default per-server limit. */
export const POOL_SIZE = 4;
