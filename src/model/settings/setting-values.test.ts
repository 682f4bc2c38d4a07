import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { parseServerInput, type ServerInput } from '../server-input.js';

/**
 * Every value a setting refuses at `server add` / `server set`, so that nothing fails only when a
 * verify first writes it into a config or runs it: [--set, field, rule].
 */
const web: ServerInput = { alias: '@web1', host: '10.0.0.11', http: 'nginx' };
const db: ServerInput = { alias: '@db1', host: '10.0.0.21', db: 'mysql' };

const REFUSED: readonly [ServerInput, string, string, string][] = [
  [web, 'http.php-fpm-socket=/run/php/php 8.2.sock', 'http.phpFpmSocket', 'is not a socket path: a plain absolute path'],
  [web, 'http.php-fpm-socket=/run/php.sock;include /etc/shadow', 'http.phpFpmSocket', 'contains ";"'],
  [web, `http.php-fpm-socket=/run/${'s'.repeat(110)}.sock`, 'http.phpFpmSocket', 'at most 107 characters'],
  [web, 'http.php-fpm-socket=/', 'http.phpFpmSocket', 'is not a socket path: it is /'],
  [web, 'http.php-fpm-socket=run/php.sock', 'http.phpFpmSocket', 'it is relative'],
  [db, 'db.socket=/run/mysqld/my sql.sock', 'db.socket', 'is not a socket path'],
  [db, 'db.socket=/run/mysqld/$x.sock', 'db.socket', 'contains "$"'],
  [web, 'http.config-dir=/etc/nginx"', 'http.configDir', 'contains "\\""'],
  [web, 'http.config-dir=/etc/$nginx', 'http.configDir', 'contains "$"'],
  [web, 'http.config-dir=/etc/nginx/*', 'http.configDir', 'contains "*"'],
  [web, 'http.config-dir=/etc/nginx\\x', 'http.configDir', 'contains "\\\\"'],
  [web, 'http.config-dir=/', 'http.configDir', "is / itself, not the web server's own config directory"],
  [web, 'http.config-dir=/etc', 'http.configDir', 'is /etc itself'],
  [web, 'http.config-dir=/var/www/nginx', 'http.configDir', 'overlaps the platform base /var/www'],
  [web, 'http.tls-port=80', 'http.tlsPort', 'is the same port as port (80): http and https need a port each'],
  [web, 'http.port=443', 'http.tlsPort', 'is the same port as port (443)'],
  [web, 'http.web-group=Www', 'http.webGroup', 'is not a group name'],
  [web, 'http.web-group=www data', 'http.webGroup', 'is not a group name'],
  [web, 'http.web-group=root', 'http.webGroup', 'is a privileged group'],
  [web, 'http.web-group=shadow', 'http.webGroup', 'is a privileged group'],
  [web, 'http.web-group=sudo', 'http.webGroup', 'is a privileged group'],
  [web, `http.web-group=${'g'.repeat(33)}`, 'http.webGroup', 'is not a group name'],
  [web, 'http.reload-argv={"a":1}', 'http.reloadArgv', 'is not a command: give a JSON array of strings'],
  [web, 'http.reload-argv=nginx -s reload', 'http.reloadArgv', 'is not a command'],
  [web, 'http.reload-argv=["nginx; reboot"]', 'http.reloadArgv', 'is not a command'],
  [web, 'http.config-test-argv=true', 'http.configTestArgv', 'is not a command'],
  [web, 'http.config-test-argv=["true"]', 'http.configTestArgv', 'is not a config test: true tests nothing'],
  [web, 'http.config-test-argv=["/bin/echo","ok"]', 'http.configTestArgv', 'is not a config test: echo tests nothing'],
  [web, 'http.platform-bases=/', 'http.platformBases', 'lists /, which is / itself'],
  [web, 'http.platform-bases=/var/www,/etc', 'http.platformBases', 'lists /etc, which is /etc, a system directory'],
  [web, 'http.platform-bases=/var', 'http.platformBases', 'lists /var, which contains /var/backups'],
  [web, 'http.platform-bases=/usr/share', 'http.platformBases', 'lists /usr/share, which is inside /usr'],
  [web, 'http.platform-bases=/srv/a b', 'http.platformBases', 'contains " "'],
  [web, 'http.platform-bases=["/srv",', 'http.platformBases', 'is not a list of bases for platform roots'],
  [db, 'db.password=' + 'p'.repeat(1025), 'db.password', 'at most 1024 characters'],
  [db, 'db.host=0.0.0.0', 'db.host', 'is the unspecified or broadcast address'],
  [db, 'db.user=root;drop', 'db.user', 'is not a user name'],
];

describe('service settings refused when set', () => {
  it.each(REFUSED)('%j %s: refused naming %s', (input, assignment, field, rule) => {
    let error: unknown;
    try {
      parseServerInput({ ...input, set: [assignment] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).exitCode).toBe(2);
    expect((error as ValidationError).message).toContain(rule);
  });

  it.each([
    [web, 'http.php-fpm-socket=/run/php/php8.2-fpm.sock'],
    [web, 'http.config-dir=/srv/aegir-web1/nginx'],
    [web, 'http.tls-port=8443'],
    [web, 'http.web-group=nginx'],
    [web, 'http.platform-bases=/srv/platforms,/var/www'],
    [web, 'http.platform-bases=["/home/sites"]'],
    [web, 'http.config-test-argv=["/usr/sbin/nginx","-t","-q"]'],
    [db, 'db.socket=/run/mysqld/mysqld.sock'],
  ])('%j accepts %s', (input, assignment) => {
    expect(() => parseServerInput({ ...input, set: [assignment] })).not.toThrow();
  });

  it.each([
    ['~/.ssh/id', 'it is relative'],
    ['/root/.ssh/id_ed25519 x', 'contains " "'],
    ['/root/.ssh/id;rm', 'contains ";"'],
    ['/root/keys/id%h', 'contains "%"'],
    ['/root/keys/-oProxyCommand=x', "starts with '-'"],
  ])('refuses ssh key %j (%s)', (sshKey, rule) => {
    expect(() => parseServerInput({ ...web, sshKey })).toThrow(rule);
  });
});
