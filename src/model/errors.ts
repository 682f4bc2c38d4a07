/**
 * The one error base of Aegir. Every error has a stable `code` (for scripts and the API)
 * and an `exitCode` for the CLI: 1 = an operation failed, 2 = bad usage or invalid input.
 */
export class AegirError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2;

  constructor(code: string, message: string, options?: { exitCode?: 1 | 2; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options?.exitCode ?? 1;
  }
}

/** Input that breaks a rule: names the field, the value and the rule. Nothing was changed. */
export class ValidationError extends AegirError {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;

  constructor(field: string, value: unknown, rule: string) {
    super('invalid_input', `${field}: ${describeValue(value)} ${rule}`, { exitCode: 2 });
    this.field = field;
    this.value = value;
    this.rule = rule;
  }
}

/** An entity that was asked for by alias and does not exist. */
export class NotFoundError extends AegirError {
  constructor(what: string, alias: string) {
    super('not_found', `${what} ${alias} does not exist`, { exitCode: 2 });
  }
}

/** A change refused because it would break a rule between entities (e.g. removing a server in use). */
export class ConflictError extends AegirError {
  constructor(message: string) {
    super('conflict', message, { exitCode: 2 });
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
