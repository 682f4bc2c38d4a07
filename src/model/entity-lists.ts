/**
 * The kinds of entity `list` shows, in the order it shows them. Apart from queries.ts so that
 * the command line can name them in its help without loading the use cases.
 */
export const ENTITY_LISTS = ['servers', 'clusters', 'platforms', 'sites', 'clients'] as const;
export type EntityList = (typeof ENTITY_LISTS)[number];

/** A kind as typed: plural or singular, any case (`server`, `Sites`). Undefined when it is neither. */
export function entityListOf(kind: string): EntityList | undefined {
  const word = kind.toLowerCase();
  return ENTITY_LISTS.find((list) => list === word || list === `${word}s`);
}
