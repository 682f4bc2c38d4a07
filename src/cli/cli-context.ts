import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../hosting/actor.js';
import { AegirError } from '../model/errors.js';
import { SECRET_KEY_FILE } from '../model/secrets.js';
import type { Store } from '../store/index.js';

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
 * initialised. The store (kysely and the database drivers) loads here, on first use, so that
 * `--help` and commands refused early do not pay for it.
 */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  if (!existsSync(join(ctx.home, SECRET_KEY_FILE))) {
    throw new AegirError('not_initialised', `no hub at ${ctx.home} (AEGIR_HOME): run 'aegir init' first`);
  }
  const { openStore } = await import('../store/open-store.js');
  const store = await openStore({ home: ctx.home, databaseUrl: ctx.databaseUrl });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
