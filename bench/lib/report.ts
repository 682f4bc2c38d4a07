/** The terminal table and the JSON file of a run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';
import type { Figure } from './stats.js';

export interface Row {
  readonly name: string;
  readonly unit: 'ms' | 's' | 'x' | 'B' | 'n' | 'sites/s' | 'MB';
  readonly value: Figure;
  readonly target?: string;
  readonly note?: string;
}

function show(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return '-';
  if (unit === 's') return (value / 1000).toFixed(2);
  if (unit === 'B') return value >= 1e6 ? `${(value / 1e6).toFixed(1)}M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)}k` : value.toFixed(0);
  if (unit === 'sites/s') return value.toFixed(value < 10 ? 2 : 1);
  if (unit === 'x') return value.toFixed(1);
  if (unit === 'ms') return value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function table(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.name, r.unit, show(r.value.median, r.unit), show(r.value.min, r.unit), show(r.value.max, r.unit), String(r.value.n), r.target ?? '', r.note ?? '']);
  const head = ['figure', 'unit', 'median', 'min', 'max', 'n', 'target', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => `| ${c.map((v, i) => (i >= 2 && i <= 5 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export function writeResults(dir: string, data: { machine: Machine; mode: string; rows: readonly Row[]; raw: unknown }): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${data.mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...data }, null, 2)}\n`);
  return file;
}
