/**
 * The project's layers, checked on every import of src/ (tests apart): dependencies point down
 * only (see ARCHITECTURE.md), the pure layers do no I/O and load no driver, the parts of hosting/
 * depend on each other in one direction, the faces reach the hub through hosting/index.ts only,
 * and no file imports itself through others (no cycles). A rule broken names the file and the
 * import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** What each layer may import (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: [],
  plan: ['model'],
  facts: ['model'],
  transport: ['model', 'plan'],
  store: ['model'],
  apps: ['model', 'plan'],
  services: ['model', 'plan', 'facts', 'apps'],
  tasks: ['model', 'plan', 'facts', 'apps', 'services'],
  engine: ['model', 'plan', 'facts', 'transport', 'apps', 'services'],
  hosting: ['model', 'plan', 'facts', 'transport', 'store', 'apps', 'services', 'tasks', 'engine'],
  cli: ['model', 'hosting'],
};

/** The parts of hosting/, top first: each may import the ones below it (and hosting's own root files). */
const HOSTING_PARTS = ['tls', 'requests', 'queue', 'tasks', 'backups', 'hub', 'entities'] as const;

/** Pure layers: no I/O modules, no drivers. */
const PURE = ['model', 'plan', 'facts', 'apps', 'services', 'tasks'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|dns|dns\/promises|http|https|tls|dgram)$|^(mysql2|mysql2\/promise|pg|better-sqlite3|kysely|acme-client|pino)$/;
/** Pure functions of those modules a pure layer may use. */
const PURE_NAMES = /^\s*\{\s*(isIP|isIPv4|isIPv6)(\s*,\s*(isIP|isIPv4|isIPv6))*\s*\}\s*$/;

interface Import {
  readonly file: string;
  readonly spec: string;
  /** The imported names (`{ a, b }`), when given. */
  readonly names: string;
  readonly typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (let m = statement.exec(text); m !== null; m = statement.exec(text)) {
    found.push({ file, spec: m[4] ?? '', names: m[3] ?? '', typeOnly: m[2] !== undefined });
  }
  const dynamic = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = dynamic.exec(text); m !== null; m = dynamic.exec(text)) found.push({ file, spec: m[1] ?? '', names: '', typeOnly: false });
  return found;
}

const layerOf = (file: string): string => relative(SRC, file).split('/')[0] ?? '';
const target = (imp: Import): string => resolve(dirname(imp.file), imp.spec).replace(/\.js$/, '.ts');
const where = (imp: Import): string => `${relative(SRC, imp.file)} imports '${imp.spec}'`;

const files = sources(SRC);
const imports = files.flatMap(importsOf);
const local = imports.filter((imp) => imp.spec.startsWith('.'));

describe('layers', () => {
  it('every import points to a layer below, or the same one', () => {
    const broken = local.filter((imp) => {
      const from = layerOf(imp.file);
      const to = layerOf(target(imp));
      return from !== to && !(ALLOWED[from] ?? []).includes(to);
    }).map(where);
    expect(broken).toEqual([]);
  });

  it('the pure layers do no I/O and load no driver', () => {
    const broken = imports.filter((imp) => PURE.includes(layerOf(imp.file)) && IO_MODULES.test(imp.spec) && !PURE_NAMES.test(imp.names)).map(where);
    expect(broken).toEqual([]);
  });

  it('a face reaches the hub through hosting/index.ts only', () => {
    const broken = local.filter((imp) => layerOf(imp.file) === 'cli' && layerOf(target(imp)) === 'hosting' && relative(SRC, target(imp)) !== 'hosting/index.ts').map(where);
    expect(broken).toEqual([]);
  });

  it('the parts of hosting/ depend on each other in one direction', () => {
    const partOf = (file: string): string | undefined => {
      const parts = relative(join(SRC, 'hosting'), file).split('/');
      return parts.length > 1 ? parts[0] : undefined;
    };
    const rank = (part: string | undefined): number => (part === undefined ? -1 : HOSTING_PARTS.indexOf(part as (typeof HOSTING_PARTS)[number]));
    const broken = local.filter((imp) => layerOf(imp.file) === 'hosting' && layerOf(target(imp)) === 'hosting').filter((imp) => {
      const from = partOf(imp.file);
      const to = partOf(target(imp));
      if (from === undefined || to === undefined || from === to) return false;
      return rank(to) < rank(from);
    }).map(where);
    expect(broken).toEqual([]);
    expect(files.filter((file) => layerOf(file) === 'hosting').map(partOf).filter((part) => part !== undefined && rank(part) < 0)).toEqual([]);
  });

  it('no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const imp of local) {
      if (imp.typeOnly) continue;
      graph.set(imp.file, [...(graph.get(imp.file) ?? []), target(imp)]);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
