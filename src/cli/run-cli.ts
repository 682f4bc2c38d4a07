import { CommanderError } from 'commander';
import { AegirError } from '../model/errors.js';
import { contextFromEnv, type CliIo } from './cli-context.js';
import { buildProgram } from './program.js';

/** Exit codes: 0 success, 1 an operation failed, 2 bad usage or invalid input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const SHOWN_ON_REQUEST = new Set(['commander.helpDisplayed', 'commander.version']);

/** Runs one `aegir` command line and returns its exit code; never calls process.exit. */
export async function runCli(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const ctx = contextFromEnv(io, env);
  const program = buildProgram(ctx);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help).
      return SHOWN_ON_REQUEST.has(error.code) ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof AegirError) {
      io.err(`aegir: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`aegir: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
