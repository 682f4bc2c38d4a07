import { createInterface } from 'node:readline/promises';
import { AegirError } from '../model/errors.js';

const ENTER = new Set(['\r', '\n', '\u0004']);
const CTRL_C = '\u0003';
const ERASE = new Set(['\u007f', '\b']);

/**
 * Asks a question on the terminal (the question on stderr, the answer from stdin, a TTY) and
 * returns the answer without its newline. With `echo: false` the terminal is put in raw mode so
 * the answer is not shown (a password); Ctrl-C stops the command, nothing changed.
 */
export async function promptTty(question: string, echo: boolean): Promise<string> {
  if (echo) {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  }
  return await readHidden(question);
}

function readHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the question shows: nothing typed after it can appear on the screen.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  process.stderr.write(question);
  let text = '';
  return new Promise((resolve, reject) => {
    const done = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ENTER.has(ch)) {
          done();
          resolve(text);
          return;
        }
        if (ch === CTRL_C) {
          done();
          reject(new AegirError('interrupted', 'interrupted: nothing was changed', { exitCode: 2 }));
          return;
        }
        if (ERASE.has(ch)) text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}
