/** The built `aegir` binary with its own AEGIR_HOME, and the hub's store opened in-process. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openStore, type Store } from '../../src/store/index.js';
import { run, SYSTEM_PATH, type Ran } from './run.js';

/** The project's root: the nearest directory up with a package.json (compiled to dist-check/bench-build, or run from source). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = projectRoot(import.meta.dirname);
export const BIN = join(ROOT, 'dist/cli/main.js');

export class BenchHub {
  readonly dir = mkdtempSync(join(tmpdir(), 'aegir-bench-'));
  readonly home = join(this.dir, 'home');

  env(): NodeJS.ProcessEnv {
    return { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', HOME: '/root', AEGIR_HOME: this.home };
  }

  aegir(args: readonly string[], stdin?: string): Promise<Ran> {
    // BENCH_PROFILE_DIR: a CPU profile of every fleet verify, to see what dominates.
    const profile = process.env.BENCH_PROFILE_DIR;
    const node = profile !== undefined && args.includes('--sites') ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    return run([process.execPath, ...node, BIN, ...args], { env: this.env(), ...(stdin === undefined ? {} : { stdin }) });
  }

  async ok(args: readonly string[], stdin?: string): Promise<Ran> {
    const result = await this.aegir(args, stdin);
    if (result.code !== 0) throw new Error(`aegir ${args.join(' ')}: exit ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
    return result;
  }

  async withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({ home: this.home, databaseUrl: undefined });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The actions of a finished task as `--json` prints it. */
export interface TaskJson {
  readonly status: string;
  readonly actions?: readonly { readonly id: string; readonly kind: string; readonly server: string; readonly status: string }[];
  readonly result?: TaskJson;
}

export function taskActions(stdout: string): NonNullable<TaskJson['actions']> {
  const parsed = JSON.parse(stdout) as TaskJson;
  return (parsed.result ?? parsed).actions ?? [];
}
