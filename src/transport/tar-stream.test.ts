import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTar } from './tar-stream.js';

describe('buildTar', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes an archive GNU tar extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-'));
    dirs.push(dir);
    const binary = Buffer.from([0, 1, 2, 255, 10, 13]);
    const big = Buffer.alloc(70_000, 'x');
    const archive = buildTar([
      { name: '0', content: Buffer.from('hello\n') },
      { name: '1', content: Buffer.alloc(0) },
      { name: '2', content: binary },
      { name: '3', content: big },
      { name: '4', content: Buffer.alloc(512, 'y') },
    ]);
    expect(archive.length % 512).toBe(0);
    execFileSync('tar', ['-x', '-f', '-', '-C', dir], { input: archive });
    expect(readdirSync(dir).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(readFileSync(join(dir, '0'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(dir, '1')).length).toBe(0);
    expect(readFileSync(join(dir, '2')).equals(binary)).toBe(true);
    expect(readFileSync(join(dir, '3')).equals(big)).toBe(true);
    expect(readFileSync(join(dir, '4')).equals(Buffer.alloc(512, 'y'))).toBe(true);
  });

  it('refuses member names that would create paths', () => {
    expect(() => buildTar([{ name: '../x', content: Buffer.alloc(1) }])).toThrow(RangeError);
    expect(() => buildTar([{ name: '', content: Buffer.alloc(1) }])).toThrow(RangeError);
  });
});
