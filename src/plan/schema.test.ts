import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import type { Plan } from './action.js';
import { configTest, exec, reload, sql, sqlStatement } from './build-command-actions.js';
import { httpCheck } from './build-check-actions.js';
import { ensureDir, fetchTree, pushTree, removePath, writeFile } from './build-file-actions.js';
import { createPlan } from './build-plan.js';
import { PlanError } from './plan-error.js';
import { parsePlan } from './schema.js';

function everyKind(): Plan {
  return createPlan('migrate @wiki.example.com --platform @mw140', [
    ensureDir({ id: 'dir', server: '@web1', path: '/srv/platforms/mw140', mode: 0o2775, group: 'www-data' }),
    pushTree({ id: 'push', server: '@web1', source: '/srv/platforms/mw140', excludes: ['images/', '.git'], deleteExtraneous: true, after: ['dir'] }),
    writeFile({ id: 'conf', server: '@web1', path: '/etc/nginx/aegir/wiki.conf', content: 'server {}\n', after: ['push'] }),
    writeFile({ id: 'secret', server: '@web1', path: '/srv/s.php', content: 'pw=x', mode: 0o440, sensitive: true }),
    removePath({ id: 'old', server: '@web1', path: '/srv/platforms/mw139/cache', recursive: true }),
    fetchTree({ id: 'fetch', server: '@web1', source: '/var/www/wiki/images', target: '/srv/backups/wiki/images' }),
    exec({
      id: 'run', server: '@web1', argv: ['php', 'update.php', '--quick'], stdin: 'pw\n', env: { A: '1' }, user: 'www-data',
      cwd: '/srv/platforms/mw140', timeoutMs: 5000, acceptExitCodes: [0, 3], sensitive: true,
      undo: { kind: 'exec', argv: ['php', 'rollback.php'], stdin: 'pw\n' },
    }),
    sql({
      id: 'sql', server: '@db1', sensitive: true, statements: [sqlStatement('UPDATE t SET a = ?, b = ?, c = ?', ['x', 2, null])],
      undo: { kind: 'sql', statements: [sqlStatement('UPDATE t SET a = ?', [true])] },
    }),
    configTest({ id: 'test', server: '@web1', argv: ['nginx', '-t'], after: ['conf'] }),
    reload({ id: 'reload', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['test'] }),
    httpCheck({
      id: 'live', server: '@web1', address: '10.0.0.11', port: 80, host: 'aegir-generation.invalid', path: '/aegir-generation',
      expect: { kind: 'generation', file: '/etc/nginx/aegir/generation.conf', settleMs: 300 }, after: ['reload'],
    }),
    httpCheck({
      id: 'check', server: '@web1', address: 'fd00::11', port: 8080, host: 'wiki.example.com', path: '/index.php?title=Main_Page',
      expect: { kind: 'site', statuses: [200, 301], text: 'Main Page' }, after: ['live', 'conf'], changedBy: ['conf'],
    }),
  ]);
}

function raw(plan: Plan): { title: string; actions: Record<string, unknown>[] } {
  return JSON.parse(JSON.stringify(plan)) as { title: string; actions: Record<string, unknown>[] };
}

describe('parsePlan', () => {
  it('reads back a serialised plan of every kind unchanged', () => {
    const plan = everyKind();
    expect(new Set(plan.actions.map((action) => action.kind)).size).toBe(10);
    const back = parsePlan(JSON.parse(JSON.stringify(plan)));
    expect(back).toEqual(plan);
    expect(JSON.stringify(back)).toBe(JSON.stringify(plan));
  });

  it('refuses unknown keys, naming where', () => {
    const data = raw(everyKind());
    data.actions[2] = { ...data.actions[2], contnet: 'typo' };
    expect(() => parsePlan(data)).toThrow(ValidationError);
    expect(() => parsePlan(data)).toThrow(/^plan\.actions\[2\]: \["contnet"\]/);
  });

  it('refuses a wrong field type, a relative path and an unknown kind', () => {
    const badMode = raw(everyKind());
    badMode.actions[0] = { ...badMode.actions[0], mode: '0755' };
    expect(() => parsePlan(badMode)).toThrow(/plan\.actions\[0\]\.mode/);
    const relative = raw(everyKind());
    relative.actions[2] = { ...relative.actions[2], path: 'etc/passwd' };
    expect(() => parsePlan(relative)).toThrow(/plan\.actions\[2\]\.path: "etc\/passwd" must be absolute/);
    const kind = raw(everyKind());
    kind.actions[0] = { ...kind.actions[0], kind: 'format' };
    expect(() => parsePlan(kind)).toThrow(ValidationError);
  });

  it('never puts secret fields in its error message', () => {
    const data = raw(everyKind());
    data.actions[3] = { ...data.actions[3], content: 42, extra: 1 };
    data.actions[6] = { ...data.actions[6], stdin: 'Very-Secret-stdin-5521', env: { 'BAD NAME': 'Very-Secret-env-5521' } };
    const messages: string[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        parsePlan(data);
      } catch (error) {
        messages.push((error as Error).message);
      }
      if (attempt === 0) data.actions[3] = raw(everyKind()).actions[3] as Record<string, unknown>;
      if (attempt === 1) delete data.actions[6]?.stdin;
    }
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).not.toMatch(/Very-Secret|pw=x/);
  });

  it('refuses an HTTP check with a bad port, a path with a space, a host with a slash or no status', () => {
    const at = everyKind().actions.findIndex((action) => action.id === 'check');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ port: 0 }, /\.port: /],
      [{ path: '/a b' }, /\.path: "\/a b" must be a path starting with \/ without spaces/],
      [{ host: 'evil/x' }, /\.host: "evil\/x" must be a host name or address/],
      [{ expect: { kind: 'site', statuses: [] } }, /\.expect\.statuses: /],
      [{ expect: { kind: 'generation', file: 'relative', settleMs: 0 } }, /\.expect\.file: "relative" must be absolute/],
    ];
    for (const [change, message] of cases) {
      const data = raw(everyKind());
      data.actions[at] = { ...data.actions[at], ...change };
      expect(() => parsePlan(data)).toThrow(message);
    }
  });

  it('checks the DAG of what it reads', () => {
    const data = raw(everyKind());
    data.actions[0] = { ...data.actions[0], after: ['reload'] };
    expect(() => parsePlan(data)).toThrow(PlanError);
  });
});
