/** An `aegir` command line the README shows: its command words and the flags it uses. */
export interface ReadmeCommand {
  readonly path: string[];
  readonly flags: string[];
}

/**
 * Every `aegir ...` command in the README's code blocks: the leading command words (the first of
 * `a|b` alternatives) and every `--flag` after them, comments left out.
 */
export function readmeCommands(readme: string): ReadmeCommand[] {
  const blocks = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  const commands: ReadmeCommand[] = [];
  for (const line of blocks.flatMap((block) => block.split('\n'))) {
    const code = line.replace(/\s#.*$/, '');
    for (const segment of code.split(/(?:^|\s)aegir(?=\s)/).slice(1)) {
      const words: string[] = [];
      for (const token of segment.trim().split(/\s+/)) {
        if (!/^[a-z][a-z|-]*$/.test(token)) break;
        words.push(token.split('|')[0] ?? token);
      }
      commands.push({ path: words, flags: [...segment.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]) });
    }
  }
  return commands;
}
