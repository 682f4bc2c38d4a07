/**
 * Words that tell a person what would have been accepted, for refusals that name an entity that
 * does not exist: a few of the entities that would fit, or how to add one.
 */

const SHOWN = 4;

/** `@db1`, `@db1 or @pg1`, `@a, @b, @c or @d`, `@a, @b, @c, @d...`; undefined when there are none. */
export function someOf(aliases: readonly string[]): string | undefined {
  if (aliases.length === 0) return undefined;
  if (aliases.length === 1) return aliases[0];
  if (aliases.length > SHOWN) return `${aliases.slice(0, SHOWN).join(', ')}...`;
  return `${aliases.slice(0, -1).join(', ')} or ${aliases.at(-1) ?? ''}`;
}

/** `is not a server: did you mean a db server, e.g. @db1?`, or the given fallback when there is nothing to suggest. */
export function didYouMean(rule: string, what: string, candidates: readonly string[], otherwise: string): string {
  const some = someOf(candidates);
  return some === undefined ? `${rule} (${otherwise})` : `${rule}: did you mean ${what}, e.g. ${some}?`;
}

/** `choose a server with db=mysql or db=postgres, e.g. @db1`; the rule alone when there is none. */
export function withExamples(rule: string, candidates: readonly string[]): string {
  const some = someOf(candidates);
  return some === undefined ? rule : `${rule}, e.g. ${some}`;
}
