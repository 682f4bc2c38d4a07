import { describe, expect, it } from 'vitest';
import { buildRsyncArgv } from './rsync.js';
import { parseItemizedChanges, parseStatsBytes, RSYNC_OUT_FORMAT } from './rsync-output.js';

const OUTPUT = [
  'AEGIR-ITEM *deleting   gone.txt',
  'AEGIR-ITEM *deleting   old-dir/',
  'AEGIR-ITEM .d..t...... ./',
  'AEGIR-ITEM >f+++++++++ index.php',
  'AEGIR-ITEM cL+++++++++ link.php',
  'AEGIR-ITEM cd+++++++++ sub/',
  'AEGIR-ITEM >f.st...... sub/changed.txt',
  'AEGIR-ITEM .f...p..... sub/mode-only.txt',
  'AEGIR-ITEM .d..t...... sub/',
  'AEGIR-ITEM >f+++++++++ with space  and\\#012newline.txt',
  'AEGIR-ITEM cLc.T...... relinked',
  '',
  'Number of files: 5 (reg: 2, dir: 2, link: 1)',
  '>f+++++++++ not-an-item-line',
  'Total bytes sent: 1,234,567',
  'Total bytes received: 76',
].join('\n');

describe('parseItemizedChanges', () => {
  it('reads created, updated, attribute and deleted entries of every type', () => {
    expect(parseItemizedChanges(OUTPUT)).toEqual([
      { path: 'gone.txt', change: 'deleted', type: 'file' },
      { path: 'old-dir', change: 'deleted', type: 'dir' },
      { path: 'index.php', change: 'created', type: 'file' },
      { path: 'link.php', change: 'created', type: 'symlink' },
      { path: 'sub', change: 'created', type: 'dir' },
      { path: 'sub/changed.txt', change: 'updated', type: 'file' },
      { path: 'sub/mode-only.txt', change: 'attributes', type: 'file' },
      { path: 'sub', change: 'attributes', type: 'dir' },
      { path: 'with space  and\nnewline.txt', change: 'created', type: 'file' },
      { path: 'relinked', change: 'updated', type: 'symlink' },
    ]);
  });

  it('finds nothing in empty output', () => {
    expect(parseItemizedChanges('')).toEqual([]);
  });
});

describe('parseStatsBytes', () => {
  it('reads the totals with thousands separators', () => {
    expect(parseStatsBytes(OUTPUT, 'sent')).toBe(1234567);
    expect(parseStatsBytes(OUTPUT, 'received')).toBe(76);
    expect(parseStatsBytes('', 'sent')).toBe(0);
  });
});

describe('buildRsyncArgv', () => {
  const transfer = { source: '/srv/platforms/mw', target: '/var/www/mw', excludes: ['/files/', '*.tmp'], deleteExtraneous: true };

  it('pushes over ssh with protected args, excludes and delete (never delete-excluded)', () => {
    const argv = buildRsyncArgv(transfer, 'push', { host: '10.231.5.2', rsh: 'ssh -o BatchMode=yes' });
    expect(argv).toEqual([
      'rsync', '--archive', '--omit-dir-times', '--mkpath', '--stats', `--out-format=${RSYNC_OUT_FORMAT}`, '--timeout=300',
      '--exclude=/files/', '--exclude=*.tmp', '--delete',
      '--protect-args', '--rsh=ssh -o BatchMode=yes', '--',
      '/srv/platforms/mw/', '10.231.5.2:/var/www/mw/',
    ]);
    expect(argv.join(' ')).not.toContain('delete-excluded');
  });

  it('fetches from the server and adds backup and dry-run when asked', () => {
    const argv = buildRsyncArgv({ ...transfer, deleteExtraneous: false, backupDir: '/var/backups/x', dryRun: true }, 'fetch', { host: '[fd00::2]', rsh: 'ssh' });
    expect(argv).toContain('--backup');
    expect(argv).toContain('--backup-dir=/var/backups/x');
    expect(argv).toContain('--dry-run');
    expect(argv).not.toContain('--delete');
    expect(argv.slice(-2)).toEqual(['[fd00::2]:/srv/platforms/mw/', '/var/www/mw/']);
  });

  it('copies locally without a remote shell', () => {
    const argv = buildRsyncArgv(transfer, 'push');
    expect(argv.some((arg) => arg.startsWith('--rsh'))).toBe(false);
    expect(argv.slice(-3)).toEqual(['--', '/srv/platforms/mw/', '/var/www/mw/']);
  });

  it('refuses relative paths', () => {
    expect(() => buildRsyncArgv({ ...transfer, source: 'relative' }, 'push')).toThrow(/absolute/);
  });
});
