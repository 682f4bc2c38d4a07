import { describe, expect, it } from 'vitest';
import { SERVICE_IDS } from '../../model/service.js';
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
    ['http.nginx', { port: 80, tlsPort: 443, reloadArgv: ['nginx', '-s', 'reload'], configTestArgv: ['nginx', '-t'], configDir: '/etc/nginx', phpFpmSocket: '/run/php/php8.2-fpm.sock', webGroup: 'www-data' }],
    ['http.apache', { port: 80, tlsPort: 443, reloadArgv: ['apache2ctl', 'graceful'], configTestArgv: ['apache2ctl', 'configtest'], configDir: '/etc/apache2', phpFpmSocket: '/run/php/php8.2-fpm.sock', webGroup: 'www-data' }],
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
    ['nginx -s reload', ['nginx', '-s', 'reload']],
    ['  systemctl   reload php8.2-fpm ', ['systemctl', 'reload', 'php8.2-fpm']],
    ['["sh", "-c", "a b"]', ['sh', '-c', 'a b']],
    [['apache2ctl', 'graceful'], ['apache2ctl', 'graceful']],
  ])('accepts %j', (input, expected) => {
    expect(checkArgv(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['[]'], ['[1]'], ['["a",'], [['a', '']], [['a\nb']], [42]])('refuses %j', (input) => {
    expect(checkArgv(input)).toEqual({ ok: false, rule: expect.stringContaining('is not a command') });
  });
});
