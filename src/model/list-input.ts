import { z } from 'zod';

/**
 * A list given as an array, or as one comma-separated string on the command line
 * (`--servers @web1,@web2`). Blank items are dropped; an empty string is an empty list.
 */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value),
    z.array(item),
  );
}

/** The first value that appears twice in `values`, if any. */
export function firstDuplicate<T>(values: readonly T[]): T | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}
