import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { Secret } from './secrets.js';
import { parseServer } from './server.js';
import { applySettings, parseServerInput, type ServerInput } from './server-input.js';

const base: ServerInput = { alias: '@web1', host: '10.0.0.11', http: 'nginx', db: 'null', files: 'rsync' };

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseServerInput', () => {
  it('fills defaults for the server and every setting', () => {
    const server = parseServerInput(base);
    expect(server).toEqual({
      alias: '@web1',
      host: '10.0.0.11',
      sshPort: 22,
      sshUser: 'root',
      services: {
        http: {
          impl: 'nginx',
          settings: {
            port: 80,
            tlsPort: 443,
            reloadArgv: ['nginx', '-s', 'reload'],
            configTestArgv: ['nginx', '-t'],
            configDir: '/etc/nginx',
            phpFpmSocket: '/run/php/php8.2-fpm.sock',
            webGroup: 'www-data',
            platformBases: ['/var/aegir/platforms', '/var/www'],
          },
        },
        db: { impl: 'null', settings: {} },
        files: { impl: 'rsync', settings: { user: 'root' } },
      },
    });
  });

  it('defaults to http=null, db=null, files=rsync', () => {
    const server = parseServerInput({ alias: '@x', host: 'x.example' });
    expect([server.services.http.impl, server.services.db.impl, server.services.files.impl]).toEqual(['null', 'null', 'rsync']);
  });

  const good: readonly [string, Partial<ServerInput>, (s: ReturnType<typeof parseServerInput>) => unknown, unknown][] = [
    ['ssh port as a string', { sshPort: '2222' }, (s) => s.sshPort, 2222],
    ['host IDN', { host: 'bücher.example' }, (s) => s.host, 'xn--bcher-kva.example'],
    ['http.port coerced', { set: ['http.port=8080'] }, (s) => s.services.http.settings, expect.objectContaining({ port: 8080 })],
    ['argv as JSON', { set: ['http.reloadArgv=["systemctl","reload","nginx"]'] }, (s) => s.services.http.settings,
      expect.objectContaining({ reloadArgv: ['systemctl', 'reload', 'nginx'] })],
    ['argv as JSON, kebab key', { set: ['http.config-test-argv=["nginx","-t","-q"]'] }, (s) => s.services.http.settings,
      expect.objectContaining({ configTestArgv: ['nginx', '-t', '-q'] })],
    ['apache defaults', { http: 'apache' }, (s) => s.services.http.settings, expect.objectContaining({ reloadArgv: ['apache2ctl', 'graceful'], configDir: '/etc/apache2' })],
    ['postgres defaults', { db: 'postgres' }, (s) => s.services.db.settings, { user: 'postgres', port: 5432 }],
    ['mysql admin', { db: 'mysql', set: ['db.user=admin', 'db.port=3307', 'db.host=10.0.0.12'] }, (s) => s.services.db.settings,
      { user: 'admin', port: 3307, host: '10.0.0.12' }],
    ['rsync user', { set: ['files.user=aegir'] }, (s) => s.services.files.settings, { user: 'aegir' }],
    ['files local', { files: 'local' }, (s) => s.services.files, { impl: 'local', settings: {} }],
    ['value with =', { set: ['http.reloadArgv=["run","--flag=1"]'] }, (s) => s.services.http.settings,
      expect.objectContaining({ reloadArgv: ['run', '--flag=1'] })],
    ['platform bases, comma-separated', { set: ['http.platform-bases=/srv/platforms, /var/www/'] }, (s) => s.services.http.settings,
      expect.objectContaining({ platformBases: ['/srv/platforms', '/var/www'] })],
  ];
  it.each(good)('accepts %s', (_name, input, pick, expected) => {
    expect(pick(parseServerInput({ ...base, ...input }))).toEqual(expected);
  });

  const bad: readonly [Partial<ServerInput>, string, unknown, string][] = [
    [{ http: 'lighttpd' }, 'http', 'lighttpd', 'is not an http implementation (one of: nginx, apache, null)'],
    [{ db: 'mongodb' }, 'db', 'mongodb', 'is not a db implementation (one of: mysql, postgres, null)'],
    [{ files: 'nfs' }, 'files', 'nfs', 'is not a files implementation (one of: local, rsync)'],
    [{ set: ['http.fpm=x'] }, 'http.fpm', 'x', 'is not a setting of http.nginx (its settings: port, tlsPort, reloadArgv'],
    [{ set: ['db.port=3306'] }, 'db.port', '3306', 'is not a setting of db.null (it has no settings)'],
    [{ set: ['files.user=x'], files: 'local' }, 'files.user', 'x', 'is not a setting of files.local'],
    [{ set: ['mail.port=25'] }, 'mail.port', '25', 'is not a setting (SERVICE.KEY'],
    [{ set: ['http.port=abc'] }, 'http.port', 'abc', 'is not a port'],
    [{ set: ['http.port=0'] }, 'http.port', '0', 'is not a port'],
    [{ set: ['http.port=65536'] }, 'http.port', '65536', 'is not a port'],
    [{ set: ['http.reloadArgv=[1,2]'] }, 'http.reloadArgv', '[1,2]', 'is not a command'],
    [{ set: ['http.reloadArgv=["nginx"'] }, 'http.reloadArgv', '["nginx"', 'is not a command'],
    [{ set: ['http.configDir=etc/nginx'] }, 'http.configDir', 'etc/nginx', 'it is relative'],
    [{ set: ['http.webGroup=Www'] }, 'http.webGroup', 'Www', 'is not a group name'],
    [{ db: 'mysql', set: ['db.password=********'] }, 'db.password', '********', 'redaction placeholder'],
    [{ db: 'mysql', set: ['db.host=bad_host'] }, 'db.host', 'bad_host', 'is not a DNS name or IP address'],
    [{ set: ['http.port'] }, 'setting', 'http.port', 'is not KEY=VALUE'],
    [{ sshPort: '0' }, 'sshPort', '0', 'is not a port'],
    [{ sshKey: '~/.ssh/id' }, 'sshKey', '~/.ssh/id', 'it is relative'],
    [{ alias: 'web 1' }, 'alias', 'web 1', 'is not an alias'],
    [{ host: '' }, 'host', '', 'it is empty'],
  ];
  it.each(bad)('refuses %j', (input, field, value, rule) => {
    const error = refusal(() => parseServerInput({ ...base, ...input }));
    expect(error.field).toBe(field);
    expect(error.value).toEqual(value);
    expect(error.message).toContain(rule);
  });
});

describe('parseServer', () => {
  const services = { http: { impl: 'null' }, db: { impl: 'null' }, files: { impl: 'local' } };

  it('refuses unknown fields, naming them', () => {
    expect(refusal(() => parseServer({ alias: '@a', host: 'a.example', services, color: 'red' })).message).toBe(
      'color: "red" is not a field of a server',
    );
  });

  it('refuses a bundle without a files service', () => {
    const error = refusal(() => parseServer({ alias: '@a', host: 'a.example', services: { http: services.http, db: services.db } }));
    expect(error.message).toBe('files: (missing) is required');
  });

  it('keeps a db password as a Secret and never prints it', () => {
    const server = parseServerInput({ ...base, db: 'mysql', set: ['db.password=s3cret-pw'] });
    const settings = server.services.db.settings as { password?: Secret };
    expect(settings.password).toBeInstanceOf(Secret);
    expect(settings.password?.reveal()).toBe('s3cret-pw');
    expect(JSON.stringify(server)).not.toContain('s3cret-pw');
    expect(inspect(server, { depth: 10 })).not.toContain('s3cret-pw');
    expect(JSON.stringify(server)).toContain('"password":"********"');
  });

  it('accepts its own output again (store round trip)', () => {
    const server = parseServerInput({ ...base, db: 'mysql', set: ['db.password=pw', 'http.port=81'] });
    expect(parseServer(server)).toEqual(server);
  });
});

describe('applySettings', () => {
  const server = parseServerInput({ ...base, db: 'mysql', set: ['db.password=pw', 'http.port=8080'] });

  it('changes settings and server fields, leaving the original alone', () => {
    const changed = applySettings(server, ['http.port=81', 'ssh-port=2222', 'host=web1.example.com']);
    expect(changed.services.http.settings).toEqual(expect.objectContaining({ port: 81 }));
    expect([changed.sshPort, changed.host]).toEqual([2222, 'web1.example.com']);
    expect(server.services.http.settings).toEqual(expect.objectContaining({ port: 8080 }));
    expect(server.sshPort).toBe(22);
  });

  it('switches an implementation (settings restart from defaults) before applying its settings', () => {
    const changed = applySettings(server, ['http.port=82', 'http=apache']);
    expect(changed.services.http).toEqual({
      impl: 'apache',
      settings: expect.objectContaining({ port: 82, reloadArgv: ['apache2ctl', 'graceful'] }),
    });
  });

  it('removes a setting given an empty value, so its default applies', () => {
    const changed = applySettings(server, ['http.port=', 'db.password=']);
    expect(changed.services.http.settings).toEqual(expect.objectContaining({ port: 80 }));
    expect(changed.services.db.settings).not.toHaveProperty('password');
  });

  it('refuses to change the alias or an unknown field', () => {
    expect(refusal(() => applySettings(server, ['alias=@web2'])).message).toContain('alias: "@web2" cannot be changed');
    expect(refusal(() => applySettings(server, ['colour=red'])).message).toContain('colour: "red" is not a server field');
  });

  it('refuses a setting that the new implementation does not have', () => {
    expect(refusal(() => applySettings(server, ['http=null', 'http.port=80'])).message).toContain(
      'http.port: "80" is not a setting of http.null',
    );
  });
});
