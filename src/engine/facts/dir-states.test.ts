import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../transport/local.js';
import { readDirStates } from './dir-states.js';

const root = mkdtempSync(join(tmpdir(), 'fleet-dirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readDirStates', () => {
  it('reports the directories among many paths with mode and owner, in one command', async () => {
    mkdirSync(join(root, 'a b'));
    chmodSync(join(root, 'a b'), 0o2750);
    mkdirSync(join(root, 'c'));
    chmodSync(join(root, 'c'), 0o755);
    writeFileSync(join(root, 'file'), 'x');
    symlinkSync(join(root, 'c'), join(root, 'link'));
    const paths = ['a b', 'missing', 'file', 'link', 'c', "it's"].map((name) => join(root, name));
    const found = await readDirStates(new LocalTransport(), paths);
    const me = userInfo().username;
    expect(Object.keys(found).sort()).toEqual([join(root, 'a b'), join(root, 'c')]);
    expect(found[join(root, 'a b')]).toMatchObject({ mode: 0o2750, owner: me });
    expect(found[join(root, 'c')]?.mode).toBe(0o755);
  });

  it('splits a long list of paths over several commands', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => join(root, `${'x'.repeat(40)}-${i}`));
    const found = await readDirStates(new LocalTransport(), [...many, join(root, 'c')]);
    expect(Object.keys(found)).toEqual([join(root, 'c')]);
  });

  it('reads thousands of existing directories, files among them, in order', async () => {
    const base = join(root, 'many');
    mkdirSync(base);
    const paths = Array.from({ length: 2500 }, (_, i) => join(base, `d${i}`));
    paths.forEach((path, i) => (i % 5 === 0 ? writeFileSync(path, '') : mkdirSync(path, { mode: i % 2 === 0 ? 0o750 : 0o755 })));
    const found = await readDirStates(new LocalTransport(), paths);
    expect(Object.keys(found)).toHaveLength(2000);
    expect(found[join(base, 'd2')]?.mode).toBe(0o750);
    expect(found[join(base, 'd3')]?.mode).toBe(0o755);
    expect(found[join(base, 'd5')]).toBeUndefined();
  });

  it('reads nothing for no path', async () => {
    expect(await readDirStates(new LocalTransport(), [])).toEqual({});
  });
});
