import { accept, hasControlCharacter, refuse, schemaOf, type Check } from '../../model/check.js';
import { REDACTED, Secret } from '../../model/secrets.js';

/**
 * Setting value schemas shared by the implementations. Each accepts the typed value (from the
 * store or the API) and the string a person types on the command line (`--set KEY=VALUE`).
 */

export {
  absolutePathSchema as pathSetting,
  hostSchema as hostSetting,
  portSchema as portSetting,
  userNameSchema as userSetting,
} from '../../model/fields.js';

const ARGV_RULE =
  'is not a command (a JSON array of strings like ["nginx","-s","reload"], or words separated by spaces; ' +
  'at least one word, no control characters)';

/** A command as an argv array: an array of strings, a JSON array, or space-separated words. */
export function checkArgv(value: unknown): Check<string[]> {
  let words: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        words = JSON.parse(text);
      } catch {
        return refuse(ARGV_RULE);
      }
    } else {
      words = text === '' ? [] : text.split(/\s+/);
    }
  }
  const ok = Array.isArray(words) && words.length > 0
    && words.every((w) => typeof w === 'string' && w !== '' && !hasControlCharacter(w));
  return ok ? accept([...(words as string[])]) : refuse(ARGV_RULE);
}

/** An argv setting with its default (a fresh copy each time). */
export function argvSetting(fallback: readonly string[]) {
  return schemaOf(checkArgv).default(() => [...fallback]);
}

/** A password or other secret: becomes a `Secret`, printed as `********` everywhere. */
export function checkSecret(value: unknown): Check<Secret> {
  if (value instanceof Secret) return accept(value);
  if (typeof value !== 'string' || value === '' || hasControlCharacter(value)) {
    return refuse('is not a usable secret (a non-empty string without control characters)');
  }
  if (value === REDACTED) return refuse(`is the redaction placeholder ${REDACTED}, not a secret`);
  return accept(new Secret(value));
}

export const secretSetting = schemaOf(checkSecret);
