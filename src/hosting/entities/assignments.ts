import { ValidationError } from '../../model/index.js';

/** One `KEY=VALUE` change, as typed on the command line or sent by the API. */
export interface Assignment {
  readonly key: string;
  readonly value: string;
}

export function parseAssignment(text: string): Assignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ValidationError('setting', text, 'is not KEY=VALUE');
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * Applies `KEY=VALUE` changes to a plain copy of an entity: only `fields` may change; `fixed`
 * fields are refused by name; an empty value removes an optional field (its default applies).
 * The result is raw input for the model's parser, which validates and coerces it.
 */
export function applyAssignments(
  entity: object,
  assignments: readonly string[],
  fields: readonly string[],
  fixed: readonly string[],
): Record<string, unknown> {
  if (assignments.length === 0) throw new ValidationError('changes', assignments, `are missing (give KEY=VALUE, KEY one of: ${fields.join(', ')})`);
  const draft: Record<string, unknown> = { ...entity };
  for (const { key, value } of assignments.map(parseAssignment)) {
    if (fixed.includes(key)) throw new ValidationError(key, value, 'cannot be changed (remove and add instead)');
    if (!fields.includes(key)) throw new ValidationError(key, value, `is not a field that can be set (one of: ${fields.join(', ')})`);
    if (value === '') delete draft[key];
    else draft[key] = value;
  }
  return draft;
}

/** Drops absent optional inputs so that the model applies their defaults. */
export function withoutUndefined(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
