import { REDACTED, ValidationError } from '../../model/index.js';

const SECRET_FIELD = /(^|\.)(password|secret)$/i;

/**
 * Runs `fn`; a ValidationError about a secret field is re-thrown with the value replaced by
 * `********`, so a refused password never reaches a message, a log or the terminal.
 */
export async function withSecretsRedacted<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError && error.value !== REDACTED && mentionsSecret(error)) {
      throw new ValidationError(error.field, REDACTED, error.rule);
    }
    throw error;
  }
}

function mentionsSecret(error: ValidationError): boolean {
  if (SECRET_FIELD.test(error.field)) return true;
  // A malformed assignment such as `db.password:x` arrives whole, as the value of "setting"; a
  // path that merely has the word in it (`/root/.ssh/secret_key`) is no secret and stays readable.
  return error.field === 'setting' && typeof error.value === 'string' && /password|secret/i.test(error.value);
}
