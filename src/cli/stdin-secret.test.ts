import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import type { CliIo } from './cli-context.js';
import { readSecretsFromStdin } from './stdin-secret.js';

function io(options: { tty: boolean; stdin?: string; typed?: string }): CliIo & { asked: { question: string; echo: boolean }[] } {
  const asked: { question: string; echo: boolean }[] = [];
  return {
    out: () => undefined,
    err: () => undefined,
    readStdin: async () => options.stdin ?? '',
    stdinIsTty: options.tty,
    prompt: async (question, { echo }) => {
      asked.push({ question, echo });
      return options.typed ?? '';
    },
    asked,
  };
}

describe('secrets on the command line', () => {
  it('refuses a password given on argv, never showing it, and says how to give it', async () => {
    const error = await readSecretsFromStdin(io({ tty: false }), ['db.user=admin', 'db.password=hunter2']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^db\.password: "\*{8}" is a secret, .*give db\.password=- and type it/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reads db.password=- from standard input, or asks on a terminal without echo', async () => {
    expect(await readSecretsFromStdin(io({ tty: false, stdin: 's3cret\n' }), ['db.password=-', 'db.port=3307'])).toEqual(['db.password=s3cret', 'db.port=3307']);
    const tty = io({ tty: true, typed: 'typed-pw' });
    expect(await readSecretsFromStdin(tty, ['db.password=-'])).toEqual(['db.password=typed-pw']);
    expect(tty.asked).toEqual([{ question: 'db.password (not shown): ', echo: false }]);
    expect(await readSecretsFromStdin(io({ tty: false }), ['db.password='])).toEqual(['db.password=']);
  });
});
