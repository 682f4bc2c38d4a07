import { describe, expect, it } from 'vitest';
import { SERVICE_IDS } from '../service.js';
import { checkArgv } from './fields.js';
import { SETTINGS_SCHEMAS, settingKeys, settingsSchema } from './registry.js';

describe('the settings registry', () => {
  it('has a schema for every implementation id', () => {
    expect(Object.keys(SETTINGS_SCHEMAS).sort()).toEqual([...SERVICE_IDS].sort());
  });

  it('looks schemas up by type and implementation', () => {
    expect(settingsSchema('http', 'nginx')).toBe(SETTINGS_SCHEMAS['http.nginx']);
    expect(settingsSchema('db', 'postgres').parse({}).port).toBe(5432);
  });

  it.each([
    ['http.nginx', { port: 80, tlsPort: 443, reloadArgv: ['nginx', '-s', 'reload'], configTestArgv: ['nginx', '-t'], configDir: '/etc/nginx', phpFpmSocket: '/run/php/php8.2-fpm.sock', webGroup: 'www-data', platformBases: ['/var/aegir/platforms', '/var/www'] }],
    ['http.apache', { port: 80, tlsPort: 443, reloadArgv: ['apache2ctl', 'graceful'], configTestArgv: ['apache2ctl', 'configtest'], configDir: '/etc/apache2', phpFpmSocket: '/run/php/php8.2-fpm.sock', webGroup: 'www-data', platformBases: ['/var/aegir/platforms', '/var/www'] }],
    ['http.null', {}],
    ['db.mysql', { user: 'root', port: 3306 }],
    ['db.postgres', { user: 'postgres', port: 5432 }],
    ['db.null', {}],
    ['files.local', {}],
    ['files.rsync', { user: 'root' }],
  ] as const)('%s defaults to %j', (id, defaults) => {
    expect(SETTINGS_SCHEMAS[id].parse({})).toEqual(defaults);
  });

  it('refuses unknown keys in every schema', () => {
    for (const id of SERVICE_IDS) {
      const result = SETTINGS_SCHEMAS[id].safeParse({ surprise: 1 });
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain('surprise');
    }
  });

  it('gives each default argv as a fresh copy', () => {
    const a = SETTINGS_SCHEMAS['http.nginx'].parse({});
    a.reloadArgv.push('extra');
    expect(SETTINGS_SCHEMAS['http.nginx'].parse({}).reloadArgv).toEqual(['nginx', '-s', 'reload']);
  });

  it('lists setting names', () => {
    expect(settingKeys('db.mysql')).toEqual(['user', 'password', 'port', 'host', 'socket']);
    expect(settingKeys('files.local')).toEqual([]);
  });
});

describe('argv settings', () => {
  it.each([
    ['["nginx","-s","reload"]', ['nginx', '-s', 'reload']],
    [' ["systemctl", "reload", "php8.2-fpm"] ', ['systemctl', 'reload', 'php8.2-fpm']],
    ['["sh", "-c", "a b"]', ['sh', '-c', 'a b']],
    ['["/usr/sbin/apache2ctl","graceful"]', ['/usr/sbin/apache2ctl', 'graceful']],
    [['apache2ctl', 'graceful'], ['apache2ctl', 'graceful']],
  ])('accepts %j', (input, expected) => {
    expect(checkArgv(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [''], ['[]'], ['[1]'], ['["a",'], [['a', '']], [['a\nb']], [42],
    // Words without JSON are not guessed at: {"a":1} was once one word, true a command.
    ['nginx -s reload'], ['{"a":1}'], ['true'], ['"nginx"'], ['{}'], ['null'],
    // The program must be a name or a plain absolute path.
    ['["-s","reload"]'], ['["nginx;reboot"]'], ['["/usr/sbin/my nginx"]'], ['["$(reboot)"]'], ['["../nginx"]'],
    [JSON.stringify(Array.from({ length: 65 }, () => 'x'))],
  ])('refuses %j', (input) => {
    expect(checkArgv(input)).toEqual({ ok: false, rule: expect.stringContaining('is not a command: give a JSON array of strings') });
  });

  it.each([['["true"]'], ['["/bin/true"]'], ['["echo","ok"]'], ['["false"]'], ['["sleep","1"]']])('refuses %s as a config test: it tests nothing', (input) => {
    const result = SETTINGS_SCHEMAS['http.nginx'].safeParse({ configTestArgv: input });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/is not a config test: \S+ tests nothing/);
    expect(SETTINGS_SCHEMAS['http.nginx'].safeParse({ reloadArgv: '["systemctl","reload","nginx"]' }).success).toBe(true);
  });
});
