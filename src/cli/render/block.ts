import { REDACTED, Secret } from '../../model/secrets.js';

/** A value as one line of text: secrets as `********`, lists as JSON (the form `set` accepts). */
export function formatValue(value: unknown): string {
  if (value instanceof Secret) return REDACTED;
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/** Renders `key: value` lines with the values aligned. */
export function renderBlock(fields: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...fields.map(([key]) => key.length)) + 1;
  return fields.map(([key, value]) => `${`${key}:`.padEnd(width)} ${formatValue(value)}`.trimEnd()).join('\n') + '\n';
}
