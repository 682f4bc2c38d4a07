/**
 * Redaction of everything the executor reports: output tails, error messages, event fields.
 * The secrets are what the plan marks sensitive (see plan/redact.ts) plus the caller's own list;
 * a multi-line secret (a key file, a stdin script) is also redacted line by line, except lines
 * that are plainly data (a bare path or domain): logs keep showing roots and uris.
 */
import { looksPublic } from '../model/secret-values.js';
import { planSecrets, redactText } from '../plan/redact.js';
import type { Plan } from '../plan/action.js';

export type Redactor = (text: string) => string;

/** Lines of a multi-line secret shorter than this are not redacted on their own. */
const MIN_SECRET_LINE = 4;

export function createRedactor(plan: Plan, extra: readonly string[]): Redactor {
  const secrets = new Set<string>();
  for (const secret of [...planSecrets(plan), ...extra]) {
    if (secret.trim() === '') continue;
    secrets.add(secret);
    if (!secret.includes('\n')) continue;
    for (const line of secret.split('\n')) {
      const text = line.trim();
      if (text.length >= MIN_SECRET_LINE && !looksPublic(text)) secrets.add(text);
    }
  }
  const list = [...secrets];
  return list.length === 0 ? (text) => text : (text) => redactText(text, list);
}

/** The last `maxBytes` of redacted output (redacted first, so no secret is cut in half). */
export function redactedTail(text: string | undefined, redact: Redactor, maxBytes = 4096): string | undefined {
  if (text === undefined || text === '') return undefined;
  const clean = redact(text);
  const bytes = Buffer.from(clean, 'utf8');
  if (bytes.length <= maxBytes) return clean;
  return `…${bytes.subarray(bytes.length - maxBytes).toString('utf8').replace(/^\uFFFD+/, '')}`;
}
