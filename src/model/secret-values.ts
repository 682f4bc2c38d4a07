/**
 * Which values an action carries are secrets to scrub from output, and which are plain data that
 * logs must keep readable (a platform root, a settings path, a site's uri). Generated secrets are
 * random base64url and never look like a path or a domain; variables named for a secret
 * (`PGPASSWORD`) are secret whatever they hold.
 */
import { checkDnsName } from './dns-name.js';
import { checkPlainPath } from './plain-path.js';

/** Shorter values are not secrets, and scrubbing them would garble output (`LANG=C`). */
export const MIN_SECRET_LENGTH = 4;

const SECRET_NAME = /PASS|SECRET|TOKEN|KEY|SALT|AUTH|CRED|PRIVATE|COOKIE|SESSION/i;

/** An environment variable whose name says it holds a secret. */
export function isSecretEnvName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A value that is plainly not a secret: short, a number, a plain absolute path, or a domain name. */
export function looksPublic(value: string): boolean {
  if (value.length < MIN_SECRET_LENGTH || /^[0-9]+$/.test(value)) return true;
  if (value.startsWith('/')) return checkPlainPath(value, 4096).ok;
  if (!value.includes('.')) return false;
  const name = checkDnsName(value);
  return name.ok && name.value === value;
}

/** Whether the value of environment variable `name` of a sensitive command is a secret. */
export function isSecretEnv(name: string, value: string): boolean {
  return isSecretEnvName(name) || !looksPublic(value);
}
