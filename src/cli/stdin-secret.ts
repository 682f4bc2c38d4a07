import { ValidationError } from '../model/errors.js';
import { REDACTED } from '../model/secrets.js';
import type { CliIo } from './cli-context.js';

/** A setting that holds a secret: `db.password`, `db.admin-password`, `x.secret`. */
const SECRET_KEY = /^[a-z]+\.[a-zA-Z-]*(password|secret)$/i;

function split(assignment: string): { key: string; value: string } {
  const eq = assignment.indexOf('=');
  return eq < 0 ? { key: assignment, value: '' } : { key: assignment.slice(0, eq), value: assignment.slice(eq + 1) };
}

/**
 * Secrets never come from argv: every user of the machine can read a command line (`ps`, shell
 * history). A secret assignment (`db.password=hunter2`) is refused, naming the way that works;
 * the value `-` (`db.password=-`) is replaced by the secret, asked for without echo on a terminal,
 * else read from standard input (one trailing newline dropped). An empty value (the default) and
 * other assignments pass through.
 */
export async function readSecretsFromStdin(io: CliIo, assignments: readonly string[]): Promise<string[]> {
  for (const { key, value } of assignments.map(split)) {
    if (SECRET_KEY.test(key) && value !== '-' && value !== '') {
      throw new ValidationError(key, REDACTED,
        `is a secret, and a command line is visible to every user of this machine (ps, shell history): give ${key}=- and type it when asked, or pipe it on standard input`);
    }
  }
  const fromStdin = assignments.filter((a) => { const { key, value } = split(a); return SECRET_KEY.test(key) && value === '-'; });
  if (fromStdin.length === 0) return [...assignments];
  if (fromStdin.length > 1) {
    throw new ValidationError('--set', fromStdin.map((a) => a.slice(0, -2)).join(', '), 'cannot all read standard input (one secret per command)');
  }
  const key = fromStdin[0]?.slice(0, -2) ?? 'password';
  const text = io.stdinIsTty
    ? await io.prompt(`${key} (not shown): `, { echo: false })
    : (await io.readStdin()).replace(/\r?\n$/, '');
  if (text === '') throw new ValidationError(key, '', io.stdinIsTty ? 'is empty (nothing was typed)' : 'is empty on standard input');
  return assignments.map((a) => (a === fromStdin[0] ? `${a.slice(0, -1)}${text}` : a));
}
