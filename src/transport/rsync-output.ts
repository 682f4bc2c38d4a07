import type { TreeChange } from './transport.js';

/** Prefix of every itemized line, so file names can never be mistaken for the stats block. */
export const ITEM_PREFIX = 'AEGIR-ITEM ';
/** The `--out-format` that `parseItemizedChanges` reads. */
export const RSYNC_OUT_FORMAT = `${ITEM_PREFIX}%i %n`;

const TYPES: Readonly<Record<string, TreeChange['type']>> = { f: 'file', d: 'dir', L: 'symlink' };

/**
 * Parse rsync's itemized changes (`%i %n`, see rsync(1) "--itemize-changes") into TreeChange[].
 * `>f+++++++++ a` created, `>f.st...... a` updated, `.f...p..... a` attributes, `*deleting   a`
 * deleted; directories end with `/`, which is dropped; the tree root `./` is left out.
 */
export function parseItemizedChanges(output: string): TreeChange[] {
  const changes: TreeChange[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith(ITEM_PREFIX)) continue;
    const rest = line.slice(ITEM_PREFIX.length);
    const space = rest.indexOf(' ', rest.startsWith('*deleting') ? 10 : 0);
    const flags = rest.slice(0, space === -1 ? rest.length : space);
    const rawName = unescapeName(rest.slice(space + 1).replace(/^ +/, ''));
    const isDir = rawName.endsWith('/');
    const path = isDir ? rawName.slice(0, -1) : rawName;
    if (path === '.' || path === '') continue;
    if (flags.startsWith('*deleting')) {
      changes.push({ path, change: 'deleted', type: isDir ? 'dir' : 'file' });
      continue;
    }
    const update = flags[0];
    const type = TYPES[flags[1] ?? ''] ?? (isDir ? 'dir' : 'other');
    const attributes = flags.slice(2);
    let change: TreeChange['change'];
    if (/^\++$/.test(attributes)) change = 'created';
    else if (update === '>' || update === '<' || (update === 'c' && type !== 'dir') || attributes[0] === 'c') change = 'updated';
    else if (/[a-z]/.test(attributes)) change = 'attributes';
    else continue; // listed without a change (e.g. with -ii)
    changes.push({ path, change, type });
  }
  return changes;
}

/** rsync prints unprintable bytes in names as `\#ooo` (octal). */
function unescapeName(name: string): string {
  if (!name.includes('\\#')) return name;
  const input = Buffer.from(name, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i += 1) {
    const octal = input.subarray(i + 2, i + 5).toString('latin1');
    if (input[i] === 0x5c && input[i + 1] === 0x23 && /^[0-7]{3}$/.test(octal)) {
      bytes.push(parseInt(octal, 8));
      i += 4;
    } else {
      bytes.push(input[i] ?? 0);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `Total bytes sent: 1,234` / `Total bytes received: ...` from rsync's `--stats`. */
export function parseStatsBytes(output: string, which: 'sent' | 'received'): number {
  const match = new RegExp(`^Total bytes ${which}: ([\\d,.]+)`, 'm').exec(output);
  return match?.[1] === undefined ? 0 : Number(match[1].replace(/[,.]/g, ''));
}
