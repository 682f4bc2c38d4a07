import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransportError } from './errors.js';
import { LocalTransport } from './local.js';

const isRoot = process.getuid?.() === 0;
const hasPhp = spawnSync('php', ['-r', 'exit(function_exists("opcache_is_script_cached") ? 0 : 1);'], { stdio: 'ignore' }).status === 0;

describe('LocalTransport', () => {
  const local = new LocalTransport();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aegir-lt-'));
    chmodSync(dir, 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs argv without a shell, with stdin, env, cwd and the exit code', async () => {
    const result = await local.exec({
      argv: ['sh', '-c', 'pwd; printf "%s\\n" "$GREETING"; cat; exit 4'],
      env: { GREETING: 'hi $HOME' },
      stdin: 'in\n',
      cwd: dir,
    });
    expect(result).toMatchObject({ exitCode: 4, stdout: `${dir}\nhi $HOME\nin\n`, timedOut: false });
    const literal = await local.exec({ argv: ['echo', '$HOME;', '`id`'] });
    expect(literal.stdout).toBe('$HOME; `id`\n');
  });

  it('kills the whole process group at the timeout', async () => {
    const started = Date.now();
    const result = await local.exec({ argv: ['sh', '-c', `sleep 31 & sleep 32; echo never`], timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(3000);
    const ps = await local.exec({ argv: ['ps', '-eo', 'args'] });
    expect(ps.stdout).not.toMatch(/^sleep 3[12]$/m);
  });

  it('reports a program that cannot start as a command failure', async () => {
    await expect(local.exec({ argv: ['/no/such/program'] })).rejects.toBeInstanceOf(TransportError);
    await expect(local.exec({ argv: ['/no/such/program'], stdin: 'x' })).rejects.toMatchObject({ reason: 'command_failed', remoteExitCode: 127 });
    await expect(local.exec({ argv: ['no-such-program-aegir'], stdin: 'x' })).rejects.toBeInstanceOf(TransportError);
  });

  it('gives a command with stdin a real pipe, which it can open as /dev/stdin (as over ssh)', async () => {
    const result = await local.exec({ argv: ['cat', '/dev/stdin'], stdin: '[client]\npassword="s3cret"\n' });
    expect(result).toMatchObject({ exitCode: 0, stdout: '[client]\npassword="s3cret"\n', stderr: '' });
    const kind = await local.exec({ argv: ['sh', '-c', 'stat -L -c %F /dev/stdin; exit 3'], stdin: '' });
    expect(kind).toMatchObject({ exitCode: 3, stdout: 'fifo\n' });
    const argv = await local.exec({ argv: ['printf', '%s|', '$HOME', 'a b', '"; id'], stdin: '' });
    expect(argv.stdout).toBe('$HOME|a b|"; id|');
  });

  it.skipIf(!isRoot)('gives the pipe to the switched user too', async () => {
    const result = await local.exec({ argv: ['cat', '/dev/stdin'], stdin: 'for www-data\n', user: 'www-data' });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'for www-data\n' });
  });

  it.skipIf(!isRoot)('switches user with runuser', async () => {
    const result = await local.exec({ argv: ['id', '-un'], user: 'www-data' });
    expect(result.stdout).toBe('www-data\n');
  });

  it('inspects files, directories and missing paths', async () => {
    writeFileSync(join(dir, 'f'), 'abc', { mode: 0o640 });
    const states = await local.inspect([join(dir, 'f'), dir, join(dir, 'missing'), join(dir, 'f', 'below')]);
    expect(states.get(join(dir, 'f'))).toMatchObject({ type: 'file', mode: 0o640, content: Buffer.from('abc') });
    expect(states.get(dir)).toMatchObject({ type: 'dir', mode: 0o755 });
    expect(states.get(join(dir, 'missing'))).toEqual({ type: 'missing' });
    expect(states.get(join(dir, 'f', 'below'))).toEqual({ type: 'missing' });
  });

  it.skipIf(!isRoot)('places files with content, mode, owner and group, and skips unchanged ones', async () => {
    const files = [
      { path: join(dir, 'settings.php'), content: '<?php\n', mode: 0o440, owner: 'root', group: 'www-data' },
      { path: join(dir, 'data.bin'), content: Buffer.from([0, 255]), mode: 0o600, owner: 'www-data' },
    ];
    expect(await local.place(files)).toEqual(files.map((file) => ({ path: file.path, changed: true })));
    expect(readFileSync(join(dir, 'settings.php'), 'utf8')).toBe('<?php\n');
    expect(lstatSync(join(dir, 'settings.php'))).toMatchObject({ mode: 0o100440, uid: 0, gid: 33 });
    expect(lstatSync(join(dir, 'data.bin'))).toMatchObject({ mode: 0o100600, uid: 33 });
    expect(await local.place(files)).toEqual(files.map((file) => ({ path: file.path, changed: false })));
    const inode = lstatSync(join(dir, 'settings.php')).ino;
    expect(await local.place([{ ...files[0]!, content: '<?php // new\n' }])).toEqual([{ path: files[0]!.path, changed: true }]);
    expect(lstatSync(join(dir, 'settings.php')).ino).not.toBe(inode); // replaced by rename, not rewritten
    expect(readdirSync(dir).sort()).toEqual(['data.bin', 'settings.php']);
  });

  it('places files with mtime 0, as over ssh, so PHP\'s opcache never keeps a replaced settings file', async () => {
    const path = join(dir, 'settings.php');
    await local.place([{ path, content: "<?php return 'old';\n", mode: 0o644 }]);
    expect(lstatSync(path).mtimeMs).toBe(0);
    await local.place([{ path, content: "<?php return 'new';\n", mode: 0o644 }]);
    expect(lstatSync(path).mtimeMs).toBe(0);
    if (!hasPhp) return;
    // Asked as if older than opcache's update protection: a file with a real mtime is cached (and
    // then not looked at again for revalidate_freq seconds); a placed one never is.
    const cachedBy = (file: string) => local.exec({ argv: ['php', '-d', 'opcache.enable_cli=1', '-d', 'opcache.file_update_protection=0',
      '-r', 'include $argv[1]; echo opcache_is_script_cached($argv[1]) ? "cached" : "not cached";', file] });
    writeFileSync(join(dir, 'written.php'), "<?php return 'x';\n");
    expect(await cachedBy(join(dir, 'written.php'))).toMatchObject({ exitCode: 0, stdout: 'cached' });
    expect(await cachedBy(path)).toMatchObject({ exitCode: 0, stdout: 'not cached' });
  });

  it('changes nothing when one file of a batch cannot be placed', async () => {
    writeFileSync(join(dir, 'a'), 'old');
    mkdirSync(join(dir, 'sub'));
    const attempt = local.place([
      { path: join(dir, 'a'), content: 'new', mode: 0o644 },
      { path: join(dir, 'missing-dir', 'b'), content: 'b', mode: 0o644 },
    ]);
    await expect(attempt).rejects.toMatchObject({ reason: 'command_failed', server: '@localhost' });
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['a', 'sub']);
  });

  it('refuses relative paths and impossible modes', async () => {
    await expect(local.place([{ path: 'rel', content: '', mode: 0o644 }])).rejects.toThrow(/absolute/);
    await expect(local.place([{ path: join(dir, 'x'), content: '', mode: 0o10000 }])).rejects.toThrow(/mode/);
  });
});
