import { spawn } from 'node:child_process';
import { until } from '../support/until.js';
import { BIN } from './aegir-binary.js';

/** What a run on a terminal showed (everything the pty printed: the program's stdout and stderr, and the terminal's echo). */
export interface TtyRun {
  readonly code: number | null;
  readonly screen: string;
}

/** One exchange: when the screen shows `prompt`, type `answer` and Enter. */
export interface TtyAnswer {
  readonly prompt: string;
  readonly answer: string;
}

/**
 * Runs the `aegir` binary on a pseudo-terminal (util-linux `script`, in every Debian), answering
 * its questions as a person would type them. The command line travels in environment variables
 * to a constant script; arguments must not hold spaces.
 */
export async function runOnTty(env: NodeJS.ProcessEnv, args: readonly string[], answers: readonly TtyAnswer[]): Promise<TtyRun> {
  if (args.some((arg) => /[\s'"$`\\*?[\]]/.test(arg))) throw new Error(`runOnTty: an argument holds a space or a shell character: ${args.join(' ')}`);
  const child = spawn('script', ['-qec', 'exec "$TTY_NODE" "$TTY_BIN" $TTY_ARGS', '/dev/null'], {
    env: { ...env, PATH: process.env.PATH, TERM: 'dumb', TTY_NODE: process.execPath, TTY_BIN: BIN, TTY_ARGS: args.join(' ') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  for (const { prompt, answer } of answers) {
    await until(`the prompt "${prompt}" (screen so far: ${JSON.stringify(screen)})`, async () => (screen.includes(prompt) || done ? true : undefined), 20_000, 20);
    if (done) break;
    child.stdin.write(`${answer}\r`);
  }
  const code = await exited;
  child.stdin.end();
  return { code, screen };
}
