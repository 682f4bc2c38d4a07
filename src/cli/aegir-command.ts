import { Command } from 'commander';

/**
 * commander's Command, reporting every missing required argument and option of a command line
 * at once (commander stops at the first, so a person would fix them one run at a time).
 */
export class AegirCommand extends Command {
  override createCommand(name?: string): Command {
    return new AegirCommand(name);
  }

  /** commander calls this for the first missing required option. */
  missingMandatoryOptionValue(): never {
    return this.reportMissing('commander.missingMandatoryOptionValue');
  }

  /** commander calls this for the first missing required argument (when no option is missing). */
  missingArgument(): never {
    return this.reportMissing('commander.missingArgument');
  }

  private reportMissing(code: string): never {
    const args = this.registeredArguments.filter((arg, i) => arg.required && this.args[i] === undefined).map((arg) => `'${arg.name()}'`);
    const options = this.options
      .filter((option) => option.mandatory && this.getOptionValue(option.attributeName()) === undefined)
      .map((option) => `'${option.flags}'`);
    this.error(`error: ${missingText(args, options)} (see '${commandPath(this)} --help')`, { code });
  }
}

/** `missing required argument 'uri'`, `required options '--platform <alias>', '--db <alias>' not specified`, or both. */
export function missingText(args: readonly string[], options: readonly string[]): string {
  const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);
  const argText = `${plural(args.length, 'argument')} ${args.join(', ')}`;
  const optionText = `${plural(options.length, 'option')} ${options.join(', ')}`;
  if (options.length === 0) return `missing required ${argText}`;
  if (args.length === 0) return `required ${optionText} not specified`;
  return `missing required ${argText} and ${optionText}`;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
