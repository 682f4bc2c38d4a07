import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '../../engine/index.js';
import { createPlan, removePath, writeFile } from '../../plan/index.js';
import { MasterCopy } from './master-copy.js';

const done = (id: string, status: ActionResult['status'] = 'changed'): ActionResult => ({ id, server: '@web1', kind: 'writeFile', status });

describe('the hub master copy', () => {
  const home = mkdtempSync(join(tmpdir(), 'aegir-master-'));
  afterEach(() => rmSync(join(home, 'master'), { recursive: true, force: true }));

  it('remembers placed files, keeps secrets as a checksum only, and forgets removed paths', () => {
    const master = new MasterCopy(home);
    const plan = createPlan('place', [
      writeFile({ id: 'vhost', server: '@web1', path: '/etc/nginx/aegir/a.conf', content: 'server {}\n' }),
      writeFile({ id: 'settings', server: '@web1', path: '/srv/a/settings.php', content: "<?php $p = 'hunter2-secret';\n", sensitive: true }),
      writeFile({ id: 'failed', server: '@web1', path: '/etc/nginx/aegir/b.conf', content: 'never placed\n' }),
    ]);
    master.record(plan, [done('vhost'), done('settings'), done('failed', 'failed')]);
    expect(master.previous('@web1', '/etc/nginx/aegir/a.conf')).toBe('server {}\n');
    expect(master.previous('@web1', '/etc/nginx/aegir/b.conf')).toBeUndefined();
    expect(master.previous('@web1', '/srv/a/settings.php')).toBeUndefined();
    const kept = readFileSync(join(home, 'master', 'web1', 'srv/a/settings.php.sensitive'), 'utf8');
    expect(kept).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(kept).not.toContain('hunter2');

    const file = join(home, 'master', 'web1', 'etc/nginx/aegir/a.conf');
    const before = statSync(file).mtimeMs;
    master.record(plan, [done('vhost', 'ok')]);
    expect(statSync(file).mtimeMs).toBe(before);

    master.record(createPlan('remove', [removePath({ id: 'rm', server: '@web1', path: '/etc/nginx/aegir/a.conf' })]), [{ ...done('rm'), kind: 'removePath' }]);
    expect(master.previous('@web1', '/etc/nginx/aegir/a.conf')).toBeUndefined();
  });
});
