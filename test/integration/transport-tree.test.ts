import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRequired, fixtureUnavailableReason, startFixture, type Fixture } from '../fixture/index.js';
import { LocalTransport } from '../../src/transport/local.js';
import { SshTransport } from '../../src/transport/ssh.js';
import type { Transport, TreeChange } from '../../src/transport/transport.js';

const unavailable = fixtureUnavailableReason();
const skipSsh = unavailable !== undefined && !fixtureRequired();

/** The receiving side of a tree transfer: a fixture host over ssh, or a directory on the hub. */
interface Side {
  readonly transport: Transport;
  /** A directory on that side for this test run. */
  readonly base: string;
  write(path: string, content: string): Promise<void>;
  read(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
}

function sorted(changes: readonly TreeChange[]): TreeChange[] {
  return [...changes].sort((a, b) => a.path.localeCompare(b.path));
}

function makeSource(root: string): string {
  const source = join(root, 'source');
  mkdirSync(join(source, 'sub'), { recursive: true });
  mkdirSync(join(source, 'cache'), { recursive: true });
  writeFileSync(join(source, 'index.php'), '<?php echo 1;\n');
  writeFileSync(join(source, 'sub', 'a.txt'), 'a\n');
  writeFileSync(join(source, 'cache', 'x.tmp'), 'cache\n');
  symlinkSync('index.php', join(source, 'link.php'));
  return source;
}

function treeTests(name: string, skip: boolean, setUp: () => Promise<{ side: Side; hubDir: string; done: () => Promise<void> }>): void {
  describe.skipIf(skip)(name, () => {
    let side: Side;
    let hubDir: string;
    let done: () => Promise<void>;
    let source: string;
    let target: string;

    beforeAll(async () => {
      ({ side, hubDir, done } = await setUp());
      source = makeSource(hubDir);
      target = `${side.base}/my app`; // a space: remote paths must not be split by a shell
      await side.write(`${target}/old.txt`, 'extraneous\n');
      await side.write(`${target}/files/upload.jpg`, 'user upload\n');
    });

    afterAll(async () => {
      await done?.();
    });

    it('pushes a tree, itemizing what changed, deleting extraneous files but never excluded ones', async () => {
      const result = await side.transport.pushTree({ source, target, excludes: ['/cache/', '/files/'], deleteExtraneous: true });
      expect(sorted(result.changes)).toEqual([
        { path: 'index.php', change: 'created', type: 'file' },
        { path: 'link.php', change: 'created', type: 'symlink' },
        { path: 'old.txt', change: 'deleted', type: 'file' },
        { path: 'sub', change: 'created', type: 'dir' },
        { path: 'sub/a.txt', change: 'created', type: 'file' },
      ]);
      expect(result.bytesSent).toBeGreaterThan(0);
      expect(await side.read(`${target}/index.php`)).toBe('<?php echo 1;\n');
      expect(await side.read(`${target}/files/upload.jpg`)).toBe('user upload\n');
      expect(await side.exists(`${target}/old.txt`)).toBe(false);
      expect(await side.exists(`${target}/cache`)).toBe(false);
    });

    it('reports no change when pushing the same tree again', async () => {
      const result = await side.transport.pushTree({ source, target, excludes: ['/cache/', '/files/'], deleteExtraneous: true });
      expect(result.changes).toEqual([]);
    });

    it('changes nothing in a dry run, yet says what would change', async () => {
      writeFileSync(join(source, 'index.php'), '<?php echo 2; // longer\n');
      const result = await side.transport.pushTree({ source, target, excludes: ['/cache/', '/files/'], deleteExtraneous: true, dryRun: true });
      expect(result.changes).toEqual([{ path: 'index.php', change: 'updated', type: 'file' }]);
      expect(await side.read(`${target}/index.php`)).toBe('<?php echo 1;\n');
    });

    it('keeps replaced and deleted files in the backup dir', async () => {
      rmSync(join(source, 'sub', 'a.txt'));
      const backupDir = `${side.base}/backup-1`;
      const result = await side.transport.pushTree({ source, target, excludes: ['/cache/', '/files/'], deleteExtraneous: true, backupDir });
      // `sub` may also show an mtime change, depending on the clock: only files are asserted here.
      expect(sorted(result.changes).filter((change) => change.type === 'file')).toEqual([
        { path: 'index.php', change: 'updated', type: 'file' },
        { path: 'sub/a.txt', change: 'deleted', type: 'file' },
      ]);
      expect(await side.read(`${target}/index.php`)).toBe('<?php echo 2; // longer\n');
      expect(await side.read(`${backupDir}/index.php`)).toBe('<?php echo 1;\n');
      expect(await side.read(`${backupDir}/sub/a.txt`)).toBe('a\n');
    });

    it('fetches a tree to the hub, with excludes', async () => {
      const into = join(hubDir, 'fetched');
      mkdirSync(into);
      const result = await side.transport.fetchTree({ source: target, target: into, excludes: ['/files/'], deleteExtraneous: false });
      expect(sorted(result.changes).map((change) => `${change.change} ${change.path}`)).toEqual([
        'created index.php',
        'created link.php',
        'created sub',
      ]);
      expect(readFileSync(join(into, 'index.php'), 'utf8')).toBe('<?php echo 2; // longer\n');
      expect(existsSync(join(into, 'files'))).toBe(false);
      expect(result.bytesSent).toBeGreaterThan(0);
    });
  });
}

treeTests(`rsync over ssh on the fixture${skipSsh ? ` (skipped: ${unavailable})` : ''}`, skipSsh, async () => {
  const fx: Fixture = await startFixture({ hosts: ['files1'] });
  const hubDir = mkdtempSync(join(tmpdir(), 'aegir-tt-'));
  const transport = new SshTransport({
    server: '@files1',
    host: fx.host('files1').address,
    port: 22,
    user: 'root',
    identityFile: fx.ssh.identityFile,
    knownHostsFile: fx.ssh.knownHostsFile,
    controlDir: fx.ssh.controlDir,
    connectTimeoutMs: 3000,
  });
  const side: Side = {
    transport,
    base: '/srv/tree',
    write: async (path, content) => {
      const result = await fx.run('files1', ['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'sh', path], { stdin: content });
      expect(result.exitCode).toBe(0);
    },
    read: (path) => fx.readFile('files1', path),
    exists: async (path) => (await fx.fileStat('files1', path)).exists,
  };
  return {
    side,
    hubDir,
    done: async () => {
      await transport.close();
      await fx.stop();
      rmSync(hubDir, { recursive: true, force: true });
    },
  };
});

treeTests('rsync on the hub itself', false, async () => {
  const hubDir = mkdtempSync(join(tmpdir(), 'aegir-tl-'));
  const base = join(hubDir, 'server');
  const side: Side = {
    transport: new LocalTransport('@localhost'),
    base,
    write: async (path, content) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
    },
    read: async (path) => readFileSync(path, 'utf8'),
    exists: async (path) => existsSync(path),
  };
  execFileSync('mkdir', ['-p', base]);
  return { side, hubDir, done: async () => rmSync(hubDir, { recursive: true, force: true }) };
});
