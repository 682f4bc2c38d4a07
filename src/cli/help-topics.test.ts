import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP_TOPICS } from './help-topics.js';

const SRC = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('aegir help environment', () => {
  it('documents every environment variable the code reads or sets', () => {
    const text = HELP_TOPICS.environment ?? '';
    const names = new Set<string>();
    for (const file of sources(SRC)) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/\bAEGIR_[A-Z0-9_]*[A-Z0-9]\b/g)) names.add(match[0]);
      for (const match of code.matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)/g)) names.add(match[1] ?? '');
    }
    expect(names.size).toBeGreaterThan(15);
    const missing = [...names].filter((name) => !new RegExp(`^  ${name} `, 'm').test(text));
    expect(missing).toEqual([]);
  });
});
