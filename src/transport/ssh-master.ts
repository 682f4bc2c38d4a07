/**
 * The ControlMasters of this process, shared by every SshTransport to the same server.
 *
 * Why a master is per process (its socket name holds the pid, see `controlPathOf`): a master
 * carries the sessions of whoever connects to its socket, and `ssh -O exit` kills them all. Shared
 * by several processes (two CLIs, a CLI beside `aegir serve`), the first to finish would cut the
 * others' running commands; counting users across processes would need a lock and a count that a
 * SIGKILLed process leaves wrong. Never closing a shared master would leave it to ControlPersist,
 * and a new process would then talk over a connection whose host key it never checked. So each
 * process opens its own master (one handshake, ~0.2 s), closes it when its last transport to that
 * server closes, checks the host key itself, and can never close another process's master. A
 * killed process leaves its master to end after ControlPersist (idle seconds), socket removed.
 *
 * Within the process, the master to a server is opened once, by the first transport that needs
 * it, and every other one waits for that opening instead of racing to become the master.
 */

/** What the process knows about one master (one control path). */
interface MasterState {
  /** Transports using it: it is closed when the last one closes. */
  users: number;
  /** The opening (or the check) of the master, once done; cleared on a failure. */
  ready: Promise<void> | undefined;
  /** Operations running over it now. */
  running: number;
  /** When the last operation ended: a master idle for long may be near its ControlPersist end. */
  idleSince: number;
  /** A `-O exit` under way: an opening waits for it. */
  closing: Promise<void> | undefined;
}

const masters = new Map<string, MasterState>();

function stateOf(path: string): MasterState {
  let state = masters.get(path);
  if (state === undefined) {
    state = { users: 0, ready: undefined, running: 0, idleSince: Date.now(), closing: undefined };
    masters.set(path, state);
  }
  return state;
}

/** A transport starts using the master of `path`. */
export function acquireMaster(path: string): void {
  stateOf(path).users += 1;
}

/**
 * Waits until the master of `path` is open: opens it (once for every caller) unless it is known
 * open and was in use within `freshMs`; an idle master is checked again (`open` is idempotent,
 * e.g. `ssh ... true`), so no command meets a master just ending at its ControlPersist timeout.
 */
export async function readyMaster(path: string, open: () => Promise<void>, freshMs: number): Promise<void> {
  const state = stateOf(path);
  if (state.closing !== undefined) await state.closing;
  if (state.ready !== undefined && state.running === 0 && Date.now() - state.idleSince > freshMs) state.ready = undefined;
  const ready = (state.ready ??= open());
  try {
    await ready;
  } catch (error) {
    if (state.ready === ready) state.ready = undefined; // the next caller tries again
    throw error;
  }
}

/** The master may be gone (a failure over it): the next `readyMaster` opens it again. */
export function forgetMaster(path: string): void {
  const state = masters.get(path);
  if (state !== undefined) state.ready = undefined;
}

/** Runs `operation` over the master, counted as running (an idle master is checked before use). */
export async function overMaster<T>(path: string, operation: () => Promise<T>): Promise<T> {
  const state = stateOf(path);
  state.running += 1;
  try {
    return await operation();
  } finally {
    state.running -= 1;
    state.idleSince = Date.now();
  }
}

/**
 * A transport stops using the master: the last one runs `exit` (`ssh -O exit`). Transports of
 * this process only: another process's master has another path.
 */
export async function releaseMaster(path: string, exit: () => Promise<void>): Promise<void> {
  const state = masters.get(path);
  if (state === undefined || state.users === 0) return;
  state.users -= 1;
  if (state.users > 0) return;
  const opening = state.ready;
  state.ready = undefined;
  const closing = (async () => {
    await opening?.catch(() => undefined);
    await exit();
  })();
  state.closing = closing;
  try {
    await closing;
  } finally {
    if (state.closing === closing) state.closing = undefined;
  }
}

/** How many transports of this process use the master of `path` (for tests). */
export function masterUsers(path: string): number {
  return masters.get(path)?.users ?? 0;
}
