/**
 * The hub's ACME settings, from its environment: the directory URL of the CA
 * (`AEGIR_ACME_DIRECTORY`), a CA bundle to trust for the ACME server's own https
 * (`AEGIR_ACME_CA`, a PEM file), a contact address (`AEGIR_ACME_EMAIL`) and how often to poll
 * for validation (`AEGIR_ACME_POLL_MS`, the first wait; it doubles up to ten times that).
 */
import { readFileSync } from 'node:fs';
import { AegirError } from '../../model/errors.js';
import { ValidationError } from '../../model/errors.js';
import type { AcmeSettings } from '../../transport/tls/index.js';

export const DEFAULT_ACME_POLL_MS = 1000;

/** The ACME settings of the environment, or a clear refusal when no directory is set. */
export function acmeSettingsFromEnv(env: NodeJS.ProcessEnv): AcmeSettings {
  const directoryUrl = env.AEGIR_ACME_DIRECTORY ?? '';
  if (directoryUrl === '') {
    throw new AegirError('acme_not_configured', 'no ACME directory is set: set AEGIR_ACME_DIRECTORY to the CA\'s directory URL (and AEGIR_ACME_CA to a CA bundle if its https needs one)', { exitCode: 2 });
  }
  let url: URL;
  try {
    url = new URL(directoryUrl);
  } catch {
    throw new ValidationError('AEGIR_ACME_DIRECTORY', directoryUrl, 'is not a URL');
  }
  if (url.protocol !== 'https:') throw new ValidationError('AEGIR_ACME_DIRECTORY', directoryUrl, 'is not an https URL');
  const caFile = env.AEGIR_ACME_CA ?? '';
  let ca: string | undefined;
  if (caFile !== '') {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (error) {
      throw new AegirError('acme_ca_unreadable', `cannot read the ACME CA bundle ${caFile} (AEGIR_ACME_CA): ${(error as Error).message}`, { exitCode: 2, cause: error });
    }
  }
  const poll = Number(env.AEGIR_ACME_POLL_MS ?? DEFAULT_ACME_POLL_MS);
  if (!Number.isInteger(poll) || poll < 10 || poll > 60_000) throw new ValidationError('AEGIR_ACME_POLL_MS', env.AEGIR_ACME_POLL_MS, 'is not a whole number of milliseconds from 10 to 60000');
  const email = env.AEGIR_ACME_EMAIL ?? '';
  return { directoryUrl, pollMs: poll, ...(ca === undefined ? {} : { ca }), ...(email === '' ? {} : { email }) };
}
