import { CommanderError } from 'commander';
import { AegirError, ValidationError } from '../../model/errors.js';
import { renderJson } from './json.js';

/** What `--json` prints on standard output when a command fails: `{"error": {code, field, message}}`. */
export interface ErrorJson {
  readonly error: {
    readonly code: string;
    /** The input that was refused (a field, an option), or null. */
    readonly field: string | null;
    readonly message: string;
    readonly rule?: string;
  };
}

export function errorJson(error: unknown): ErrorJson {
  if (error instanceof ValidationError) {
    return { error: { code: error.code, field: error.field, message: error.message, rule: error.rule } };
  }
  if (error instanceof AegirError) {
    const field = 'field' in error && typeof error.field === 'string' ? error.field : null;
    return { error: { code: error.code, field, message: error.message } };
  }
  if (error instanceof CommanderError) {
    const message = error.message.replace(/^error: /, '');
    const quoted = /'(-[^' ]+|[a-z][\w-]*)[^']*'/.exec(message);
    return { error: { code: 'usage', field: quoted?.[1] ?? null, message } };
  }
  return { error: { code: 'failed', field: null, message: error instanceof Error ? error.message : String(error) } };
}

export function renderErrorJson(error: unknown): string {
  return renderJson(errorJson(error));
}
