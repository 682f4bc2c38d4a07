import { AegirError } from '../model/errors.js';
import type { CliContext } from './cli-context.js';

export interface Confirmation {
  /** What will be lost, said before the question. */
  readonly warning: string;
  /** What the person must type (a site's uri, a platform's name); the same with a leading `@` is taken too. */
  readonly answer: string;
  /** How the answer is asked for: `the site's uri`. */
  readonly what: string;
  /** The command, to say how to skip the question: `aegir delete @x`. */
  readonly command: string;
}

/**
 * Asks a person to confirm something that cannot be undone by typing its name. `--yes` skips it;
 * with no terminal to ask on, it is refused (exit 2) and the refusal says to pass `--yes`.
 */
export async function confirmByTyping(ctx: CliContext, confirmation: Confirmation, yes: boolean): Promise<void> {
  if (yes) return;
  if (!ctx.io.stdinIsTty) {
    throw new AegirError('confirmation_needed',
      `${confirmation.command} cannot be undone and there is no terminal to confirm it on: pass --yes to go ahead without the question`,
      { exitCode: 2 });
  }
  ctx.io.err(`${confirmation.warning}\n`);
  const typed = (await ctx.io.prompt(`Type ${confirmation.what} (${confirmation.answer}) to go ahead: `, { echo: true })).trim();
  if (typed !== confirmation.answer && typed !== `@${confirmation.answer}`) {
    throw new AegirError('not_confirmed', `${typed === '' ? 'nothing was typed' : `"${typed}" is not ${confirmation.answer}`}: nothing was deleted`, { exitCode: 2 });
  }
}
