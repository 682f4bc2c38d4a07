import { ValidationError } from '../model/errors.js';
import type { CliIo } from './cli-context.js';

/**
 * Replaces the value `-` of a secret assignment (`db.password=-`) with standard input, so the
 * secret never appears in argv. One trailing newline is dropped. Other assignments pass through.
 */
export async function readSecretsFromStdin(io: CliIo, assignments: readonly string[]): Promise<string[]> {
  const fromStdin = assignments.filter((a) => /^[a-z]+\.[a-zA-Z-]*password=-$/.test(a));
  if (fromStdin.length === 0) return [...assignments];
  if (fromStdin.length > 1) {
    throw new ValidationError('--set', fromStdin.map((a) => a.slice(0, -2)).join(', '), 'cannot all read standard input (one secret per command)');
  }
  const text = (await io.readStdin()).replace(/\r?\n$/, '');
  if (text === '') throw new ValidationError(fromStdin[0]?.slice(0, -2) ?? 'password', '', 'is empty on standard input');
  return assignments.map((a) => (a === fromStdin[0] ? `${a.slice(0, -1)}${text}` : a));
}
