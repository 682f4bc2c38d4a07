import { describe, expect, it } from 'vitest';
import { joinPath } from './remote-command.js';

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
