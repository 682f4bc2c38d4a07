import { accept, hasControlCharacter, refuse, type Check } from '../check.js';
import { checkPlainPath } from '../plain-path.js';

const ARGV_RULE =
  'is not a command: give a JSON array of strings, e.g. ["nginx","-s","reload"] (the program first: a name or a plain ' +
  'absolute path; at most 64 words, none empty or with control characters)';

const PROGRAM = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** Programs that succeed without testing anything: a config test made of one would pass every config. */
const TESTS_NOTHING = new Set(['true', 'false', 'echo', 'printf', 'sleep', 'yes', 'test', 'env', 'nohup', 'exit']);

/**
 * A command as an argv array: an array of strings, or its JSON text (`["nginx","-s","reload"]`).
 * Anything else is refused rather than guessed at: `{"a":1}` or `true` are not commands.
 */
export function checkArgv(value: unknown): Check<string[]> {
  let words: unknown = value;
  if (typeof value === 'string') {
    try {
      words = JSON.parse(value.trim());
    } catch {
      return refuse(ARGV_RULE);
    }
  }
  if (!Array.isArray(words) || words.length === 0 || words.length > 64) return refuse(ARGV_RULE);
  if (!words.every((w) => typeof w === 'string' && w !== '' && w.length <= 4096 && !hasControlCharacter(w))) return refuse(ARGV_RULE);
  const argv = [...(words as string[])];
  const program = argv[0] ?? '';
  const plain = program.startsWith('/') ? checkPlainPath(program).ok : PROGRAM.test(program);
  return plain ? accept(argv) : refuse(ARGV_RULE);
}

/** The program name of a command (`/usr/bin/true` -> `true`). */
function programName(argv: readonly string[]): string {
  const program = argv[0] ?? '';
  return program.slice(program.lastIndexOf('/') + 1);
}

/** A command, and for a config test, one that can fail: not `true`, `echo` and the like. */
export function checkCommand(value: unknown, isConfigTest: boolean): Check<string[]> {
  const argv = checkArgv(value);
  if (!argv.ok || !isConfigTest) return argv;
  const name = programName(argv.value);
  if (TESTS_NOTHING.has(name)) return refuse(`is not a config test: ${name} tests nothing, so every config would pass (e.g. ["nginx","-t"])`);
  return argv;
}

/** The config test command check, on its own (see `checkCommand`). */
export function checkConfigTest(value: unknown): Check<string[]> {
  return checkCommand(value, true);
}
