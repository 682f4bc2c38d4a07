import { CommanderError } from 'commander';
import { AegirError } from '../model/errors.js';
import { contextFromEnv, type CliIo } from './cli-context.js';
import { buildProgram } from './program.js';
import { renderErrorJson } from './render/error-json.js';

/** Exit codes: 0 success, 1 an operation failed, 2 bad usage or invalid input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** `--json` among the options (not after `--`): output and errors are JSON on standard output. */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

/**
 * Runs one `aegir` command line and returns its exit code; never calls process.exit. Errors go to
 * standard error as `aegir: ...`; with `--json` an error object also goes to standard output,
 * unless the command already printed its JSON there (a failed task prints the task).
 */
export async function runCli(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const json = wantsJson(args);
  let printed = false;
  const tracked: CliIo = { ...io, out: (text) => { printed = true; io.out(text); } };
  const ctx = contextFromEnv(tracked, env);
  const program = buildProgram(ctx);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // commander has already printed its message, or the help (exit code 0 when asked for).
    if (error instanceof CommanderError && error.exitCode === 0) return EXIT_OK;
    if (json && !printed) io.out(renderErrorJson(error));
    if (error instanceof CommanderError) return EXIT_USAGE;
    io.err(`aegir: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AegirError ? error.exitCode : EXIT_FAILED;
  }
}
