import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Actor, Store } from '../hosting/index.js';

/** Where the CLI writes and reads, so that tests can capture it. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** All of standard input as text. */
  readonly readStdin: () => Promise<string>;
  /** Standard input is a terminal: a person can be asked (see `prompt`). */
  readonly stdinIsTty: boolean;
  /** Asks on the terminal; `echo: false` hides the answer (a password). Only when `stdinIsTty`. */
  readonly prompt: (question: string, options: { readonly echo: boolean }) => Promise<string>;
  /** Aborted when standard output was closed by its reader (`| head`): stop following, quietly. */
  readonly outputClosed?: AbortSignal;
}

/** What every command needs: I/O, the hub's location and who is asking. */
export interface CliContext {
  readonly io: CliIo;
  readonly home: string;
  readonly databaseUrl: string | undefined;
  readonly actor: Actor;
  readonly pathEnv: string | undefined;
}

export function contextFromEnv(io: CliIo, env: NodeJS.ProcessEnv): CliContext {
  const home = env.AEGIR_HOME && env.AEGIR_HOME !== '' ? env.AEGIR_HOME : join(homedir(), '.aegir');
  return { io, home, databaseUrl: env.AEGIR_DATABASE_URL, actor: `cli:${currentUser().replace(/[^\w.@+-]/g, '_') || 'unknown'}`, pathEnv: env.PATH };
}

function currentUser(): string {
  try {
    return userInfo().username || String(process.getuid?.() ?? 'unknown');
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

/**
 * Opens the hub's store for one command and closes it after; refuses a hub that was never
 * initialised. The use cases (and the store, kysely and the database drivers) load here, on first
 * use, so that `--help` and commands refused early do not pay for them.
 */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const { withHubStore } = await import('../hosting/index.js');
  return await withHubStore(ctx, fn);
}
