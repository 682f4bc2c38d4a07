/**
 * POSIX shell quoting for the one place a command line is parsed by a shell: the remote side
 * of ssh, which sends a single command string to the login shell of the server's user.
 *
 * Every element is wrapped in single quotes; a single quote inside becomes `'\''`. Inside single
 * quotes a POSIX shell gives no character a special meaning ($, `, \, ", newlines, globs all stay
 * literal), so the remote program receives exactly the argv given here.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new TypeError('a shell argument cannot contain a NUL byte');
  if (arg !== '' && /^[A-Za-z0-9_./:,+@%-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quote each element and join with spaces: the command string for `ssh HOST -- <string>`. */
export function shellQuoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('argv must not be empty');
  return argv.map(shellQuote).join(' ');
}
