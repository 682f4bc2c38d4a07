import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../transport/transport.js';
import { describeExit, joinPath, requestSecrets } from './remote-command.js';

describe('joinPath', () => {
  it.each([
    ['/etc/nginx', 'conf.d/a.conf', '/etc/nginx/conf.d/a.conf'],
    ['/etc/nginx/', './conf.d', '/etc/nginx/conf.d'],
    ['/etc/nginx', '.', '/etc/nginx'],
    ['/etc/nginx', './', '/etc/nginx'],
    // Hidden scratch names keep their leading dot: globs like `sites-enabled/*` must not see them.
    ['/etc/nginx/sites-enabled', '.aegir-trash-1', '/etc/nginx/sites-enabled/.aegir-trash-1'],
    ['/srv', './.aegir-backup-x/', '/srv/.aegir-backup-x'],
  ])('joins %s and %s', (dir, rel, expected) => {
    expect(joinPath(dir, rel)).toBe(expected);
  });
});

describe('describeExit', () => {
  const result = (fields: Partial<ExecResult>): ExecResult => ({ exitCode: 1, stdout: '', stderr: '', timedOut: false, durationMs: 5, ...fields });

  it('names the command and its exit code, with its one line of stderr', () => {
    expect(describeExit(['rm', '-r', 'x'], result({ stderr: "rm: cannot remove 'x': Permission denied\n" })))
      .toBe("rm exited with 1: rm: cannot remove 'x': Permission denied");
    expect(describeExit(['false'], result({}))).toBe('false exited with 1');
  });

  it('carries the last lines of stderr of an installer that failed, indented below', () => {
    const stderr = ['starting', 'step 1', 'step 2', 'PHP Fatal error:  Uncaught Exception: no table', 'Stack trace:', '#0 install.php(12)', '#1 {main}', '  thrown in install.php on line 12', ''].join('\n');
    expect(describeExit(['php', 'maintenance/install.php'], result({ exitCode: 255, stderr }))).toBe([
      'php exited with 255:',
      '    PHP Fatal error:  Uncaught Exception: no table',
      '    Stack trace:',
      '    #0 install.php(12)',
      '    #1 {main}',
      '      thrown in install.php on line 12',
    ].join('\n'));
  });

  it('uses stdout when stderr is empty, and cuts long lines', () => {
    expect(describeExit(['php'], result({ exitCode: 255, stdout: 'Could not connect to the database\n' })))
      .toBe('php exited with 255: Could not connect to the database');
    expect(describeExit(['x'], result({ stderr: 'y'.repeat(1000) })).length).toBeLessThan(330);
  });

  it('redacts the secrets the command was given and password assignments', () => {
    const request = { env: { DB_PASS: 'hunter2-very-secret', LANG: 'C' }, stdin: '[client]\npassword="opt-file-secret"\n' };
    const stderr = 'connecting with hunter2-very-secret\nERROR: password=inline-secret refused\nfile had password="opt-file-secret"\n';
    const reason = describeExit(['mysql'], result({ stderr }), undefined, requestSecrets(request));
    expect(reason).not.toMatch(/hunter2|inline-secret|opt-file-secret/);
    expect(reason).toContain('connecting with ********');
  });

  it('says a command timed out, with what it printed last', () => {
    expect(describeExit(['drush'], result({ exitCode: 124, timedOut: true, stdout: 'updating 1/9\nupdating 2/9\n' }), 600_000))
      .toBe('drush timed out after 600000 ms:\n    updating 1/9\n    updating 2/9');
  });
});
