import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLACED_FILE_MTIME, tempPathFor } from './placement.js';
import { chownSpec, chunkPaths, INSPECT_SCRIPT, parseInspectOutput, PLACE_SCRIPT, placeArchive } from './remote-files.js';
import { shellQuote } from './shell-quote.js';

/** The scripts run on a server with only sh and coreutils; here they run on the hub's own sh. */
function sh(
  script: string,
  args: readonly string[],
  input?: Buffer,
  env?: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', ...args], { input, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('remote file scripts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aegir-rf-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('inspects files, directories, links and missing paths, with odd names', () => {
    const odd = join(dir, "we'ird\nname $x");
    writeFileSync(odd, Buffer.from([0, 10, 255]));
    chmodSync(odd, 0o640);
    symlinkSync('nowhere', join(dir, 'dangling'));
    writeFileSync(join(dir, 'empty'), '');
    const paths = [odd, dir, join(dir, 'dangling'), join(dir, 'missing'), join(dir, 'empty')];
    const result = sh(INSPECT_SCRIPT, paths);
    expect(result.status).toBe(0);
    const states = parseInspectOutput(paths, result.stdout);
    expect(states.get(odd)).toEqual({ type: 'file', mode: 0o640, owner: 'root', group: 'root', content: Buffer.from([0, 10, 255]) });
    expect(states.get(dir)).toMatchObject({ type: 'dir', mode: 0o700 });
    expect(states.get(join(dir, 'dangling'))?.type).toBe('other');
    expect(states.get(join(dir, 'missing'))).toEqual({ type: 'missing' });
    expect(states.get(join(dir, 'empty'))).toMatchObject({ type: 'file', content: Buffer.alloc(0) });
  });

  it('splits the one content stream by size: binary, empty and odd-named files side by side', () => {
    const names = ['a b', 'new\nline', `q'uo"te`, '"${1}"', '$(touch pwned)', 'empty1', 'bin', 'empty2', 'last'];
    const contents = [Buffer.from('x'), Buffer.from('two\n'), Buffer.from('"\''), Buffer.from('$1'), Buffer.from('`id`')];
    contents.push(Buffer.alloc(0), Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)), Buffer.alloc(0), Buffer.from('end'));
    const paths = names.map((name) => join(dir, name));
    paths.forEach((path, i) => writeFileSync(path, contents[i] ?? ''));
    symlinkSync(paths[0] ?? '', join(dir, 'link to file'));
    mkdirSync(join(dir, 'sub dir'), 0o751);
    const all = [join(dir, 'gone'), paths[0] ?? '', join(dir, 'link to file'), ...paths.slice(1), join(dir, 'sub dir'), join(dir, 'a b', 'x')];
    const result = sh(INSPECT_SCRIPT, all);
    expect(result.stderr).toBe('');
    const states = parseInspectOutput(all, result.stdout);
    paths.forEach((path, i) => expect(states.get(path)).toMatchObject({ type: 'file', content: contents[i] }));
    expect(states.get(join(dir, 'link to file'))).toEqual({ type: 'other', mode: 0o777, owner: 'root', group: 'root' });
    expect(states.get(join(dir, 'sub dir'))).toEqual({ type: 'dir', mode: 0o751, owner: 'root', group: 'root' });
    expect(states.get(join(dir, 'gone'))).toEqual({ type: 'missing' });
    expect(states.get(join(dir, 'a b', 'x'))).toEqual({ type: 'missing' });
    expect(readdirSync(dir)).not.toContain('pwned');
  });

  it('names numeric owners and modes with special bits', () => {
    const path = join(dir, 'nobody-known');
    writeFileSync(path, 'z');
    chownSync(path, 54321, 54322);
    chmodSync(path, 0o4750);
    const result = sh(INSPECT_SCRIPT, [path]);
    expect(parseInspectOutput([path], result.stdout).get(path)).toEqual({ type: 'file', mode: 0o4750, owner: '54321', group: '54322', content: Buffer.from('z') });
  });

  it('runs one stat, one cat and one base64 however many paths it gets', () => {
    const shims = join(dir, 'shims');
    mkdirSync(shims);
    for (const tool of ['stat', 'cat', 'base64']) {
      writeFileSync(join(shims, tool), `#!/bin/sh\necho ${tool} >> ${shellQuote(join(dir, 'calls'))}\nexec /usr/bin/${tool} "$@"\n`, { mode: 0o755 });
    }
    const paths = Array.from({ length: 60 }, (_, i) => join(dir, i % 3 === 0 ? `missing ${i}` : `f ${i}`));
    paths.forEach((path, i) => i % 3 !== 0 && writeFileSync(path, `content ${i}\n`));
    const result = sh(INSPECT_SCRIPT, paths, undefined, { PATH: `${shims}:/usr/bin:/bin` });
    const states = parseInspectOutput(paths, result.stdout);
    expect(states.get(paths[4] ?? '')).toMatchObject({ type: 'file', content: Buffer.from('content 4\n') });
    expect(readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['base64', 'cat', 'stat']);
  });

  it('fails loudly when contents and sizes disagree or the output is malformed', () => {
    const ok = `FM\n81a4 root root 0 0 3\n${Buffer.from('abc').toString('base64')}\n`;
    expect(parseInspectOutput(['/a', '/b'], ok).get('/a')).toMatchObject({ content: Buffer.from('abc') });
    expect(() => parseInspectOutput(['/a', '/b'], ok.replace(' 3\n', ' 4\n'))).toThrow(/\/a/);
    expect(() => parseInspectOutput(['/a', '/b'], ok.replace(' 3\n', ' 2\n'))).toThrow(/3 bytes/);
    expect(() => parseInspectOutput(['/a'], ok)).toThrow(/unexpected output/);
    expect(() => parseInspectOutput(['/a', '/b'], ok.replace('FM', 'EM'))).toThrow(/\/a changed/);
    expect(() => parseInspectOutput(['/a', '/b'], ok.replace('81a4 root', 'X root'))).toThrow(/cannot stat \/a/);
    expect(() => parseInspectOutput(['/a', '/b'], 'FM\n')).toThrow(/content line/);
    expect(() => parseInspectOutput(['/a', '/b'], '')).toThrow(/unexpected output/);
  });

  it('chunks paths in order by their quoted length', () => {
    expect(chunkPaths([])).toEqual([]);
    const paths = Array.from({ length: 10 }, (_, i) => `/srv/p${i}`); // 8 bytes + 1 each
    expect(chunkPaths(paths, 27)).toEqual([paths.slice(0, 3), paths.slice(3, 6), paths.slice(6, 9), paths.slice(9)]);
    expect(chunkPaths(["/it's", '/b'], 10)).toEqual([["/it's"], ['/b']]); // quoted: '/it'\''s' is 10 bytes
    const long = `/${'x'.repeat(100)}`;
    expect(chunkPaths(['/a', long, '/b'], 50)).toEqual([['/a'], [long], ['/b']]);
    const many = Array.from({ length: 5000 }, (_, i) => `/var/www/site-${i}/sites/default/settings.php`);
    const chunks = chunkPaths(many);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(many);
    for (const chunk of chunks) expect(chunk.map((p) => shellQuote(p).length + 1).reduce((a, b) => a + b)).toBeLessThanOrEqual(64 * 1024);
  });

  it('places a batch: content, mode and owner set, temp files gone', () => {
    const a = join(dir, 'settings.php');
    const b = join(dir, 'with space');
    const c = join(dir, "quote'd $x");
    writeFileSync(a, 'old');
    const archive = placeArchive([
      { path: a, temp: tempPathFor(a), content: Buffer.from('<?php new'), mode: 0o440, chown: chownSpec('root', 'www-data') },
      { path: b, temp: tempPathFor(b), content: Buffer.from('b\n'), mode: 0o600, chown: '' },
      { path: c, temp: tempPathFor(c), content: Buffer.alloc(0), mode: 0o440, chown: chownSpec('root', 'www-data') },
    ]);
    const result = sh(PLACE_SCRIPT, [], archive);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe('<?php new');
    expect(lstatSync(a).mode & 0o7777).toBe(0o440);
    expect(lstatSync(a).mtimeMs).toBe(PLACED_FILE_MTIME); // as the local transport places it
    expect(lstatSync(a).gid).toBe(33);
    expect(lstatSync(b).mode & 0o7777).toBe(0o600);
    expect(readFileSync(b, 'utf8')).toBe('b\n');
    expect(lstatSync(c).mode & 0o7777).toBe(0o440);
    expect(readFileSync(c, 'utf8')).toBe('');
    expect(readdirSync(dir).sort()).toEqual([c, a, b].map((p) => p.slice(dir.length + 1)).sort());
  });

  it('runs a fixed number of processes per batch and two per file', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // Every command the script runs is logged, then run for real.
    for (const tool of ['mktemp', 'tar', 'chown', 'chmod', 'mv', 'cp', 'sync', 'rm', 'cat', 'base64', 'printf']) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho ${tool} >> ${shellQuote(join(dir, 'calls'))}\nexec /usr/bin/${tool} "$@"\n`, { mode: 0o755 });
    }
    const files = Array.from({ length: 30 }, (_, i) => join(dir, `f${i}`));
    const archive = placeArchive(files.map((path, i) => ({ path, temp: tempPathFor(path), content: Buffer.from(`${i}`), mode: i % 2 === 0 ? 0o644 : 0o600, chown: '' })));
    const result = sh(PLACE_SCRIPT, [], archive, { PATH: `${bin}:/usr/bin:/bin` });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean);
    const count = (tool: string): number => calls.filter((c) => c === tool).length;
    expect(count('cp') + count('mv')).toBe(60);
    expect(count('chmod')).toBe(2);
    expect(count('sync')).toBe(1);
    expect(calls.length - count('mv') - count('cp')).toBeLessThanOrEqual(6);
    for (const [i, path] of files.entries()) expect(readFileSync(path, 'utf8')).toBe(`${i}`);
  });

  it('renames nothing when one file of the batch cannot be staged', () => {
    const a = join(dir, 'a');
    writeFileSync(a, 'old');
    mkdirSync(join(dir, 'sub'));
    const bad = join(dir, 'sub', 'missing-dir', 'b');
    const archive = placeArchive([
      { path: a, temp: tempPathFor(a), content: Buffer.from('new'), mode: 0o644, chown: '' },
      { path: bad, temp: tempPathFor(bad), content: Buffer.from('x'), mode: 0o644, chown: '' },
    ]);
    const result = sh(PLACE_SCRIPT, [], archive);
    expect(result.status).not.toBe(0);
    expect(readFileSync(a, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['a', 'sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('changes nothing when an owner does not exist', () => {
    const a = join(dir, 'a');
    writeFileSync(a, 'old');
    const archive = placeArchive([{ path: a, temp: tempPathFor(a), content: Buffer.from('new'), mode: 0o644, chown: 'no-such-user-here' }]);
    const result = sh(PLACE_SCRIPT, [], archive);
    expect(result.status).not.toBe(0);
    expect(readFileSync(a, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a']);
  });

  it('builds chown specs that never reset a group by accident', () => {
    expect(chownSpec('root', 'www-data')).toBe('root:www-data');
    expect(chownSpec('root', undefined)).toBe('root');
    expect(chownSpec(undefined, 'www-data')).toBe(':www-data');
    expect(chownSpec(undefined, undefined)).toBe('');
  });
});
