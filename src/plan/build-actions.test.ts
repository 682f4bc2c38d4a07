import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { configTest, DEFAULT_EXEC_TIMEOUT_MS, exec, reload, sql, sqlStatement } from './build-command-actions.js';
import { generationToken, httpCheck } from './build-check-actions.js';
import { ensureDir, fetchTree, pushTree, removePath, writeFile } from './build-file-actions.js';

function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('file action constructors', () => {
  it('fill defaults and describe a file write', () => {
    const action = writeFile({ id: 'vhost', server: '@web1', path: '/etc/nginx/aegir/site.conf', content: 'x', owner: 'root', group: 'root' });
    expect(action).toEqual({
      kind: 'writeFile', id: 'vhost', server: '@web1', description: 'write /etc/nginx/aegir/site.conf (0644 root:root)',
      after: [], undo: { kind: 'restore' }, path: '/etc/nginx/aegir/site.conf', content: 'x', mode: 0o644,
      owner: 'root', group: 'root', sensitive: false,
    });
    expect(Object.keys(action)).not.toContain('undefined');
    expect(Object.isFrozen(action) && Object.isFrozen(action.after)).toBe(true);
  });

  it('describe directories, removals and trees', () => {
    expect(ensureDir({ id: 'd', server: '@web1', path: '/srv/x' }).description).toBe('ensure directory /srv/x (0755)');
    expect(ensureDir({ id: 'd', server: '@web1', path: '/srv/x', mode: 0o2770, group: 'www-data' }).description)
      .toBe('ensure directory /srv/x (2770 :www-data)');
    expect(removePath({ id: 'r', server: '@web1', path: '/srv/old', recursive: true }).description).toBe('remove /srv/old and everything in it');
    const push = pushTree({ id: 'p', server: '@web1', source: '/srv/platforms/mw139', excludes: ['images/'], deleteExtraneous: true });
    expect(push).toMatchObject({ target: '/srv/platforms/mw139', description: 'push /srv/platforms/mw139 to /srv/platforms/mw139 (1 exclude, delete extraneous)' });
    const fetch = fetchTree({ id: 'f', server: '@web1', source: '/var/www/a/files', target: '/srv/backups/a' });
    expect(fetch.undo).toEqual({ kind: 'none', reason: 'fetching changes nothing on the server' });
  });

  it('keep a given description, dependencies and undo', () => {
    const action = ensureDir({ id: 'd', server: '@web1', path: '/srv/x', after: ['a'], undo: { kind: 'none', reason: 'kept' }, description: 'make room' });
    expect(action).toMatchObject({ after: ['a'], undo: { kind: 'none', reason: 'kept' }, description: 'make room' });
  });

  it('refuse bad input with a ValidationError naming the field, never showing content', () => {
    expect(() => writeFile({ id: 'w', server: '@web1', path: 'etc/x', content: 'Secret-1234' })).toThrow('writeFile w.path: "etc/x" must be absolute');
    expect(() => writeFile({ id: 'w', server: '@web1', path: '/etc/x', content: 'Secret-1234', mode: 0o10000 })).toThrow(ValidationError);
    expect(() => ensureDir({ id: 'd', server: '', path: '/x' })).toThrow(/ensureDir d\.server/);
    expect(() => ensureDir({ id: 'd', server: '@web1', path: '/srv/../etc' })).toThrow(/must have no \.\. segment/);
    const message = messageOf(() => writeFile({ id: 'w', server: '@web1', path: '/etc/x', content: 'Secret-1234', owner: 'bad owner' }));
    expect(message).toMatch(/^writeFile w\.owner: "bad owner"/);
    expect(message).not.toContain('Secret-1234');
  });
});

describe('command action constructors', () => {
  it('describe a command by its argv, never its stdin or env', () => {
    const action = exec({
      id: 'i', server: '@web1', argv: ['drush', 'site:install', '--site-name=My site'], user: 'www-data', cwd: '/srv/d',
      stdin: 'Stdin-secret-99', env: { PW: 'Env-secret-99' }, sensitive: true,
    });
    expect(action.description).toBe("run drush site:install '--site-name=My site' (as www-data in /srv/d)");
    expect(action).toMatchObject({ timeoutMs: DEFAULT_EXEC_TIMEOUT_MS, acceptExitCodes: [0], undo: { kind: 'none' } });
    expect(() => exec({ id: 'x', server: '@web1', argv: [] })).toThrow(ValidationError);
    const message = messageOf(() => exec({ id: 'x', server: '@web1', argv: ['env'], env: { 'NOT VALID': 'Env-secret-99' } }));
    expect(message).toMatch(/^exec x\.env\.NOT VALID: /);
    expect(message).not.toContain('Env-secret');
  });

  it('describe SQL by its first statement, never its parameters', () => {
    const action = sql({
      id: 's', server: '@db1', sensitive: true,
      statements: [sqlStatement("CREATE USER ?@'%' IDENTIFIED BY ?", ['wiki', 'Param-secret-99']), sqlStatement('FLUSH PRIVILEGES')],
    });
    expect(action.description).toBe("run SQL: CREATE USER ?@'%' IDENTIFIED BY ? (+1 more)");
    expect(action.statements[1]).toEqual({ sql: 'FLUSH PRIVILEGES', params: [] });
    expect(() => sql({ id: 's', server: '@db1', statements: [] })).toThrow(/statements/);
  });

  it('make config tests that undo nothing and reloads that rerun', () => {
    expect(configTest({ id: 't', server: '@web1', argv: ['nginx', '-t'] })).toMatchObject({
      description: 'test config: nginx -t', undo: { kind: 'none', reason: 'a config test changes nothing' }, timeoutMs: 60_000,
    });
    expect(reload({ id: 'r', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['t'] })).toMatchObject({
      description: 'reload: nginx -s reload', undo: { kind: 'rerun' }, after: ['t'],
    });
  });

  it('make HTTP checks: a generation wait reruns on rollback, a site check undoes nothing, both only after a change', () => {
    const wait = httpCheck({
      id: 'live', server: '@web1', address: 'fd00::11', port: 80, host: 'aegir-generation.invalid', path: '/aegir-generation', after: ['reload'],
      expect: { kind: 'generation', file: '/etc/nginx/aegir/generation.conf', settleMs: 300 },
    });
    expect(wait).toMatchObject({
      description: 'wait until @web1 ([fd00::11]:80) serves the config generation in /etc/nginx/aegir/generation.conf',
      undo: { kind: 'rerun' }, onlyIfChanged: true, timeoutMs: 30_000,
    });
    const site = httpCheck({
      id: 'check', server: '@web1', address: '10.0.0.11', port: 8080, host: 'wiki.example.com', path: '/', after: ['live', 'vhost'], changedBy: ['vhost'],
      expect: { kind: 'site', statuses: [200, 301, 302] }, timeoutMs: 15_000,
    });
    expect(site).toMatchObject({
      description: 'check that http://wiki.example.com/ via 10.0.0.11:8080 answers 200, 301 or 302 from its own vhost',
      undo: { kind: 'none' }, changedBy: ['vhost'], timeoutMs: 15_000,
    });
    expect(() => httpCheck({ ...site, id: 'bad', host: 'a b', expect: { kind: 'defaultServer' } })).toThrow(/^httpCheck bad\.host: /);
  });

  it('derive generation tokens from content only', () => {
    expect(generationToken(['a', 'b'])).toMatch(/^aegir-[0-9a-f]{24}$/);
    expect(generationToken(['a', 'b'])).toBe(generationToken(['a', 'b']));
    expect(generationToken(['ab', ''])).not.toBe(generationToken(['a', 'b']));
  });
});
