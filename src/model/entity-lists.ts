/**
 * The kinds of entity `list` shows, in the order it shows them. Apart from queries.ts so that
 * the command line can name them in its help without loading the use cases.
 */
export const ENTITY_LISTS = ['servers', 'clusters', 'platforms', 'sites', 'clients'] as const;
export type EntityList = (typeof ENTITY_LISTS)[number];
