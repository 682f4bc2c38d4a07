import type { Command } from 'commander';
import { AegirError } from '../model/errors.js';
import type { CliContext } from './cli-context.js';
import { HELP_TOPICS } from './help-topics.js';

/**
 * `aegir help [COMMAND...]`: the help of the program or of a command (`aegir help server add`, or
 * `aegir server help add`) on standard output, exit 0; `aegir help environment` for the
 * environment variables. A topic that is neither is an error (exit 2) saying where to look.
 * Added to the program and to every command that has subcommands.
 */
export function registerHelp(program: Command, ctx: CliContext): void {
  for (const command of [program, ...groupsOf(program)]) addHelp(command, ctx);
}

function groupsOf(command: Command): Command[] {
  return command.commands.flatMap((c) => (c.commands.length > 0 ? [c, ...groupsOf(c)] : []));
}

function addHelp(parent: Command, ctx: CliContext): void {
  const isRoot = parent.parent === null;
  parent.helpCommand(false);
  parent
    .command('help')
    .description(isRoot ? 'show the help of aegir or of a command (aegir help server add), or: aegir help environment' : 'show the help of a subcommand')
    .argument('[topic...]', isRoot ? 'a command, e.g. server add; or environment' : 'a subcommand')
    .action((topic: string[]) => {
      const text = isRoot && topic.length === 1 ? HELP_TOPICS[topic[0] ?? ''] : undefined;
      if (text !== undefined) {
        ctx.io.out(text);
        return;
      }
      let command = parent;
      for (const [i, word] of topic.entries()) {
        const next = command.commands.find((c) => c.name() === word && c.name() !== 'help');
        if (next === undefined) throw unknownTopic(command, topic.slice(0, i + 1));
        command = next;
      }
      command.outputHelp();
    });
}

function unknownTopic(parent: Command, topic: readonly string[]): AegirError {
  const word = topic.at(-1) ?? '';
  const isRoot = parent.parent === null;
  const names = [...parent.commands.map((c) => c.name()).filter((name) => name !== 'help'), ...(isRoot ? Object.keys(HELP_TOPICS) : [])];
  const close = names.filter((name) => name.startsWith(word.slice(0, 2)) || word.startsWith(name));
  const where = ['aegir', 'help', ...pathOf(parent)].join(' ');
  return new AegirError('unknown_help_topic',
    `no help on '${[...pathOf(parent), word].join(' ')}'${close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : ''}: '${where}' lists the commands` +
      (isRoot ? `; other topics: ${Object.keys(HELP_TOPICS).join(', ')}` : ''),
    { exitCode: 2 });
}

/** The names of a command below the program: `server add` -> ['server', 'add']. */
function pathOf(command: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null && c.parent !== null; c = c.parent) names.unshift(c.name());
  return names;
}
