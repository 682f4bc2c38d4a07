import { accept, hasControlCharacter, refuse, schemaOf, type Check } from '../check.js';
import { checkGroupName } from '../names.js';
import { REDACTED, Secret } from '../secrets.js';
import { checkCommand } from './argv.js';

/**
 * Setting value schemas shared by the implementations. Each accepts the typed value (from the
 * store or the API) and the string a person types on the command line (`--set KEY=VALUE`).
 */

export {
  hostSchema as hostSetting,
  portSchema as portSetting,
  userNameSchema as userSetting,
} from '../fields.js';
export { checkArgv, checkConfigTest } from './argv.js';
export { configDirSetting, platformBasesSetting, socketSetting, DEFAULT_PLATFORM_BASES } from './paths.js';

/** A command setting (reloadArgv) with its default (a fresh copy each time). */
export function argvSetting(fallback: readonly string[]) {
  return schemaOf((value) => checkCommand(value, false)).default(() => [...fallback]);
}

/** The config test command: as `argvSetting`, and never a program that tests nothing (`true`, `echo`). */
export function configTestSetting(fallback: readonly string[]) {
  return schemaOf((value) => checkCommand(value, true)).default(() => [...fallback]);
}

/** The web group: a group name, not a privileged group (see `checkGroupName`). */
export const groupSetting = schemaOf(checkGroupName);

/** Longest secret accepted: longer is a pasted file, not a password. */
const SECRET_MAX = 1024;

/** A password or other secret: becomes a `Secret`, printed as `********` everywhere. */
export function checkSecret(value: unknown): Check<Secret> {
  if (value instanceof Secret) return accept(value);
  if (typeof value !== 'string' || value === '' || hasControlCharacter(value)) {
    return refuse('is not a usable secret (a non-empty string without control characters)');
  }
  if (value === REDACTED) return refuse(`is the redaction placeholder ${REDACTED}, not a secret`);
  if (value.length > SECRET_MAX) return refuse(`is not a usable secret (at most ${SECRET_MAX} characters)`);
  return accept(new Secret(value));
}

export const secretSetting = schemaOf(checkSecret);
