import { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * The outcome of checking one value against a naming rule: the normalised value, or the rule
 * it breaks (worded to follow the value in a message: `host: "x_y" is not a DNS name ...`).
 */
export type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rule: string };

export function accept<T>(value: T): Check<T> {
  return { ok: true, value };
}

export function refuse(rule: string): Check<never> {
  return { ok: false, rule };
}

/** Runs a check and returns the normalised value, or throws a ValidationError naming `field`. */
export function parseWith<T>(check: (value: unknown) => Check<T>, field: string, value: unknown): T {
  const result = check(value);
  if (!result.ok) throw new ValidationError(field, value, result.rule);
  return result.value;
}

/** A zod schema that applies a check: its issue message is the rule, its output the normalised value. */
export function schemaOf<T>(check: (value: unknown) => Check<T>): z.ZodType<T, unknown> {
  return z.unknown().transform((value, ctx): T => {
    const result = check(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: value === undefined ? 'is required' : result.rule, input: value });
    return z.NEVER;
  });
}

/** True when the string holds a C0 control character, DEL or a C1 control character. */
export function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(value);
}
