/**
 * Runs a PHP command line script with some arguments kept out of the process's argv (where any
 * local user can read them in /proc): `php -- <public args>` reads a small program from stdin that
 * adds the secret arguments to `$argv` and then includes the real script at file scope, as if it
 * had been started directly. The stdin is sensitive; argv shows only the public arguments.
 */
import { phpLiteral, phpString } from './php-literal.js';

export interface PhpScriptRun {
  /** The PHP binary, e.g. `php`. */
  readonly php: string;
  /** The script to run, absolute. */
  readonly script: string;
  /** Arguments anyone may see. */
  readonly publicArgs: readonly string[];
  /** Arguments holding secrets, placed before the public ones (options before positionals). */
  readonly secretArgs: readonly string[];
  /** PHP statements run first (e.g. cleanup registration); must not hold secrets in argv. */
  readonly prelude?: readonly string[];
}

/** The argv and stdin of the run. */
export function phpScriptRun(run: PhpScriptRun): { readonly argv: readonly string[]; readonly stdin: string } {
  const stdin = [
    '<?php',
    `// Runs ${run.script} with arguments that must not appear in the process list.`,
    ...(run.prelude ?? []),
    `$argv = array_merge( [ ${phpString(run.script)} ], ${phpLiteral(run.secretArgs)}, array_slice( $_SERVER['argv'], 1 ) );`,
    '$argc = count( $argv );',
    `$_SERVER['argv'] = $argv;`,
    `$_SERVER['argc'] = $argc;`,
    `require ${phpString(run.script)};`,
    '',
  ].join('\n');
  return { argv: [run.php, '--', ...run.publicArgs], stdin };
}
