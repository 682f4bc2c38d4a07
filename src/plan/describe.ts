/**
 * Small formatting helpers for one-line action descriptions and plan renderings.
 * Display only: nothing here is ever used to build a command.
 */

/** An octal mode as four digits, e.g. 0o644 → `0644`. */
export function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** `root:www-data`, `root`, `:www-data`, or '' when neither is given. */
export function formatOwnership(owner?: string, group?: string): string {
  if (owner === undefined && group === undefined) return '';
  return group === undefined ? (owner ?? '') : `${owner ?? ''}:${group}`;
}

/** `(0644 root:root)`, or `(0644)` when no owner or group is set. */
export function formatAttributes(mode: number, owner?: string, group?: string): string {
  const ownership = formatOwnership(owner, group);
  return ownership === '' ? `(${formatMode(mode)})` : `(${formatMode(mode)} ${ownership})`;
}

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argv for people: plain words as they are, others in single quotes. Never passed to a shell. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((word) => (PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** `1 file`, `2 files`; `plural` defaults to `singular + 's'`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** The first line of a text, cut to `max` characters with `...`. */
export function firstLine(text: string, max = 72): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
