import type { z } from 'zod';
import { ValidationError } from './errors.js';

type Path = readonly PropertyKey[];

export interface ParseOptions {
  /** What is being parsed, for unknown keys: "is not a field of <what>". */
  readonly what: string;
  /** How a path is shown as a field name; default: the keys joined with dots. */
  readonly fieldName?: (path: Path) => string;
}

/** Parses `raw` with `schema`; the first problem becomes a ValidationError (field, value, rule). */
export function parseEntity<S extends z.ZodType>(schema: S, raw: unknown, options: ParseOptions): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw toValidationError(result.error, raw, options);
}

/** Converts the first zod issue into a ValidationError worded for people. */
export function toValidationError(error: z.ZodError, input: unknown, options: ParseOptions): ValidationError {
  const name = options.fieldName ?? ((path: Path) => path.map(String).join('.'));
  const issue = error.issues[0];
  if (issue === undefined) return new ValidationError(options.what, input, 'is not valid');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = [...issue.path, key];
    return new ValidationError(name(path), valueAt(input, path), `is not a field of ${options.what}`);
  }
  const value = valueAt(input, issue.path);
  return new ValidationError(name(issue.path) || options.what, value, ruleOf(issue, value));
}

function ruleOf(issue: z.core.$ZodIssue, value: unknown): string {
  // A message written in a schema is already a rule; zod's own messages are reworded.
  if (issue.code !== 'custom' && !/^(Invalid|Too |Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'custom':
      return issue.message;
    case 'invalid_type':
      return value === undefined ? 'is required' : `is not ${article(issue.expected)}`;
    case 'invalid_value':
      return `is not one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `is not one of: ${issue.options.map(String).join(', ')}`
        : 'does not match any accepted form';
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `must list at most ${String(issue.maximum)}` : `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
