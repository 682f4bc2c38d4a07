import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPathFor } from './placement.js';
import { chownSpec, INSPECT_SCRIPT, parseInspectOutput, PLACE_SCRIPT } from './remote-files.js';
import { buildTar } from './tar-stream.js';

/** The scripts run on a server with only sh and coreutils; here they run on the hub's own sh. */
function sh(script: string, args: readonly string[], input?: Buffer): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', ...args], { input, encoding: 'utf8' });
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

  it('places a batch: content, mode and owner set, temp files gone', () => {
    const a = join(dir, 'settings.php');
    const b = join(dir, 'with space');
    writeFileSync(a, 'old');
    const archive = buildTar([
      { name: '0', content: Buffer.from('<?php new') },
      { name: '1', content: Buffer.from('b\n') },
    ]);
    const args = ['2', a, tempPathFor(a), '440', chownSpec('root', 'www-data'), b, tempPathFor(b), '600', ''];
    const result = sh(PLACE_SCRIPT, args, archive);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe('<?php new');
    expect(lstatSync(a).mode & 0o7777).toBe(0o440);
    expect(lstatSync(a).gid).toBe(33);
    expect(lstatSync(b).mode & 0o7777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['settings.php', 'with space']);
  });

  it('renames nothing when one file of the batch cannot be staged', () => {
    const a = join(dir, 'a');
    writeFileSync(a, 'old');
    mkdirSync(join(dir, 'sub'));
    const archive = buildTar([
      { name: '0', content: Buffer.from('new') },
      { name: '1', content: Buffer.from('x') },
    ]);
    const bad = join(dir, 'sub', 'b');
    const args = ['2', a, tempPathFor(a), '644', '', bad, tempPathFor(bad), '644', 'no-such-user-here'];
    const result = sh(PLACE_SCRIPT, args, archive);
    expect(result.status).not.toBe(0);
    expect(readFileSync(a, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['a', 'sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('builds chown specs that never reset a group by accident', () => {
    expect(chownSpec('root', 'www-data')).toBe('root:www-data');
    expect(chownSpec('root', undefined)).toBe('root');
    expect(chownSpec(undefined, 'www-data')).toBe(':www-data');
    expect(chownSpec(undefined, undefined)).toBe('');
  });
});
