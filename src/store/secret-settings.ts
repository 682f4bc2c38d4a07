import { AegirError } from '../model/errors.js';
import { Secret, type SecretBox } from '../model/index.js';

/** How an encrypted value sits in a stored JSON settings document. */
interface SealedValue {
  readonly $secret: string;
}

function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && typeof (value as SealedValue).$secret === 'string';
}

/**
 * Settings as stored: a JSON text in which every Secret is replaced by `{"$secret": blob}`, the blob
 * encrypted by the SecretBox and bound to where it belongs (`<context>.<key>`), so it cannot be moved.
 */
export function sealSettings(settings: Readonly<Record<string, unknown>>, box: SecretBox, context: string): string {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    stored[key] = value instanceof Secret ? { $secret: box.encrypt(value, `${context}.${key}`) } : value;
  }
  return JSON.stringify(stored);
}

/** The inverse of `sealSettings`: sealed values come back as Secret, never as plain strings. */
export function openSettings(text: string, box: SecretBox, context: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AegirError('store_corrupt', `stored settings of ${context} are not JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AegirError('store_corrupt', `stored settings of ${context} are not an object`);
  }
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    settings[key] = isSealed(value) ? box.open(value.$secret, `${context}.${key}`) : value;
  }
  return settings;
}
