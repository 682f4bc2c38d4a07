/**
 * Values that were once stored with exit 0 and failed only later (at verify, or by wiping another
 * platform on delete): each is refused at once by the real binary with exit 2, the field and the
 * rule, and nothing is stored.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlatform } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { createHub, ensureBuilt, type Hub } from './aegir-binary.js';

describe('aegir refuses at add and set what would fail later', () => {
  let hub: Hub;
  let key = '';
  const snapshot = async (): Promise<string> => {
    const store = await openStore({ home: hub.home, migrate: false });
    try {
      return JSON.stringify(await store.loadInventory());
    } finally {
      await store.close();
    }
  };
  const ok = (args: readonly string[]): void => {
    const run = hub.run(args, { stdin: 'db-admin-pw' });
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
  };

  beforeAll(async () => {
    ensureBuilt();
    hub = createHub();
    key = join(dirname(hub.home), 'open-key');
    writeFileSync(key, 'a key others can read\n', { mode: 0o644 });
    for (const args of [
      ['init'],
      ['server', 'add', '@db1', '--host', 'db1.example.com', '--db', 'mysql', '--set', 'db.password=-'],
      ['server', 'add', '@web1', '--host', '10.0.0.11', '--http', 'nginx'],
      ['server', 'add', '@web2', '--host', '10.0.0.12', '--http', 'nginx', '--set', 'http.platform-bases=/srv/platforms'],
      ['cluster', 'add', '@web', '--servers', '@web1'],
      ['platform', 'add', '@mw139', '--root', '/var/aegir/platforms/mw139', '--app', 'mediawiki', '--web', '@web'],
      ['platform', 'add', '@deep', '--root', '/var/www/outer/deep', '--app', 'php', '--web', '@web1'],
      ['platform', 'add', '@outer', '--root', '/var/www/outer2', '--app', 'php', '--web', '@web1', '--source', '/srv/build/outer'],
      ['site', 'add', 'wiki.example.com', '--platform', '@mw139', '--db', '@db1'],
    ]) ok(args);
    // The site is installed (as a task would have left it), so what it is built on must not move.
    const store = await openStore({ home: hub.home });
    try {
      const site = await store.sites.get('@wiki.example.com');
      if (site !== undefined) await store.sites.update({ ...site, status: 'enabled' });
    } finally {
      await store.close();
    }
  });

  afterAll(() => hub.dispose());

  const home = (): string => hub.home;
  const cases: readonly [string, () => readonly string[], RegExp][] = [
    ['root /', () => ['platform', 'add', '@p', '--root', '/', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/" is not a platform root: it is \/ itself/],
    ['root /etc', () => ['platform', 'add', '@p', '--root', '/etc', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/etc" is not a platform root: it is \/etc, a system directory/],
    ['root /usr', () => ['platform', 'add', '@p', '--root', '/usr', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/usr" .*system directory/],
    ['root /root', () => ['platform', 'add', '@p', '--root', '/root', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/root" .*system directory/],
    ['root /tmp', () => ['platform', 'add', '@p', '--root', '/tmp', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/tmp" .*system directory/],
    ['root /proc', () => ['platform', 'add', '@p', '--root', '/proc', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/proc" .*system directory/],
    ["root: the hub's home (under /tmp here)", () => ['platform', 'add', '@p', '--root', home(), '--app', 'php', '--web', '@web1'], /^aegir: root: ".*" is not a platform root: it is inside \/tmp/],
    ['root /var/aegir', () => ['platform', 'add', '@p', '--root', '/var/aegir', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/var\/aegir" is not a platform root: it is \/var\/aegir itself/],
    ['root in a site of another platform', () => ['platform', 'add', '@p', '--root', '/var/aegir/platforms/mw139/sites/wiki.example.com', '--app', 'php', '--web', '@web1'],
      /^aegir: root: ".*" is inside the directory of site @wiki\.example\.com of platform @mw139 on @web1/],
    ['root inside another platform', () => ['platform', 'add', '@p', '--root', '/var/aegir/platforms/mw139/core', '--app', 'php', '--web', '@web1'],
      /^aegir: root: ".*" is inside the root of platform @mw139 \(\/var\/aegir\/platforms\/mw139\) on @web1: platforms on one machine never nest/],
    ['root containing another platform', () => ['platform', 'add', '@p', '--root', '/var/www/outer', '--app', 'php', '--web', '@web1'],
      /^aegir: root: "\/var\/www\/outer" contains the root of platform @deep/],
    ['root outside the allowed bases', () => ['platform', 'add', '@p', '--root', '/opt/app', '--app', 'php', '--web', '@web1'],
      /^aegir: root: "\/opt\/app" is not below an allowed base of @web1 \(\/var\/aegir\/platforms, \/var\/www\)/],
    ['root outside the bases of a cluster member', () => ['cluster', 'set', '@web', 'servers=@web1,@web2'],
      /^aegir: cluster @web cannot have servers @web1,@web2: the root \/var\/aegir\/platforms\/mw139 of platform @mw139 is not below an allowed base of @web2/],
    ['root with shell metacharacters', () => ['platform', 'add', '@p', '--root', '/var/www/a;reboot', '--app', 'php', '--web', '@web1'], /^aegir: root: "\/var\/www\/a;reboot" is not a plain absolute path.*contains ";"/],
    ['root with a space', () => ['platform', 'add', '@p', '--root', '/var/www/my app', '--app', 'php', '--web', '@web1'], /contains " "/],
    ['root with config metacharacters', () => ['platform', 'add', '@p', '--root', '/var/www/${x}', '--app', 'php', '--web', '@web1'], /contains "\$"/],
    ['source /', () => ['platform', 'add', '@p', '--root', '/var/www/p', '--app', 'php', '--web', '@web1', '--source', '/'], /^aegir: source: "\/" is not a source: it is \//],
    ['source /etc', () => ['platform', 'add', '@p', '--root', '/var/www/p', '--app', 'php', '--web', '@web1', '--source', '/etc'], /^aegir: source: "\/etc" is not a source: it is \/etc/],
    ["source: the hub's home", () => ['platform', 'add', '@p', '--root', '/var/www/p', '--app', 'php', '--web', '@web1', '--source', home()], /^aegir: source: ".*" is not a source: it is the hub's home/],
    ["source above the hub's home", () => ['platform', 'add', '@p', '--root', '/var/www/p', '--app', 'php', '--web', '@web1', '--source', dirname(home())], /^aegir: source: ".*" is not a source: it contains the hub's home/],
    ['platform set root under installed sites', () => ['platform', 'set', '@mw139', 'root=/var/aegir/platforms/mw140'],
      /^aegir: platform @mw139 cannot change its root while sites are installed on it \(@wiki\.example\.com\): .*'aegir migrate @mw139 --to @new' \(or one site: 'aegir migrate @wiki\.example\.com --platform @new'\)/],
    ['platform set app under installed sites', () => ['platform', 'set', '@mw139', 'app=drupal'], /cannot change its app while sites are installed/],
    ['platform set web under installed sites', () => ['platform', 'set', '@mw139', 'web=@web1'], /cannot change its web while sites are installed/],
    ['platform set source under installed sites', () => ['platform', 'set', '@mw139', 'source=/srv/build/mw'], /cannot change its source while sites are installed/],
    ['a db implementation switch under sites', () => ['server', 'set', '@db1', 'db=postgres'], /^aegir: server @db1 cannot switch db from mysql to postgres: it is used by site @wiki\.example\.com \(db server\)/],
    ['a web implementation switch under platforms', () => ['server', 'set', '@web1', 'http=apache'], /^aegir: server @web1 cannot switch http from nginx to apache: it is used by platform @deep/],
    ['bases that leave a root outside', () => ['server', 'set', '@web1', 'http.platform-bases=/srv/platforms'], /^aegir: server @web1 cannot have http\.platformBases=\/srv\/platforms: the root/],
    ['a socket path with a space', () => ['server', 'set', '@web1', 'http.php-fpm-socket=/run/php/my fpm.sock'], /^aegir: http\.phpFpmSocket: ".*" is not a socket path/],
    ['a socket path with ;include', () => ['server', 'set', '@web1', 'http.php-fpm-socket=/run/php.sock;include /etc/shadow'], /^aegir: http\.phpFpmSocket: .*contains ";"/],
    ['a db socket with a space', () => ['server', 'set', '@db1', 'db.socket=/run/mysqld/a b.sock'], /^aegir: db\.socket: .*is not a socket path/],
    ['a config dir with "', () => ['server', 'set', '@web1', 'http.config-dir=/etc/nginx"x'], /^aegir: http\.configDir: .*contains "\\""/],
    ['a config dir with $', () => ['server', 'set', '@web1', 'http.config-dir=/etc/$nginx'], /^aegir: http\.configDir: .*contains "\$"/],
    ['a config dir with *', () => ['server', 'set', '@web1', 'http.config-dir=/etc/nginx*'], /^aegir: http\.configDir: .*contains "\*"/],
    ['tlsPort equal to port', () => ['server', 'set', '@web1', 'http.tls-port=80'], /^aegir: http\.tlsPort: "80" is the same port as port \(80\): http and https need a port each/],
    ['a web group that is no group name', () => ['server', 'set', '@web1', 'http.web-group=www data'], /^aegir: http\.webGroup: "www data" is not a group name/],
    ['a privileged web group', () => ['server', 'set', '@web1', 'http.web-group=root'], /^aegir: http\.webGroup: "root" is a privileged group/],
    ['an ssh key with a space', () => ['server', 'set', '@web1', 'ssh-key=/root/.ssh/my key'], /^aegir: sshKey: "\/root\/\.ssh\/my key" is not a plain absolute path/],
    ['an ssh key path that has the word secret in it (shown: a path is no secret)', () => ['server', 'set', '@web1', 'ssh-key=/root/secret keys/id'], /^aegir: sshKey: "\/root\/secret keys\/id" is not a plain absolute path/],
    ['a missing ssh key', () => ['server', 'set', '@web1', 'ssh-key=/root/.ssh/no-such-key-4f1e'], /^aegir: sshKey: ".*" does not exist on the hub/],
    ['an ssh key others can read', () => ['server', 'set', '@web1', `ssh-key=${key}`], /^aegir: sshKey: ".*" is readable by others \(mode 644\): ssh refuses such a key/],
    ['reloadArgv that is no JSON array', () => ['server', 'set', '@web1', 'http.reload-argv={"a":1}'], /^aegir: http\.reloadArgv: .*is not a command: give a JSON array of strings/],
    ['configTestArgv=true', () => ['server', 'set', '@web1', 'http.config-test-argv=true'], /^aegir: http\.configTestArgv: "true" is not a command/],
    ['a config test that tests nothing', () => ['server', 'set', '@web1', 'http.config-test-argv=["true"]'], /^aegir: http\.configTestArgv: .*true tests nothing/],
    ['--files local on a remote host', () => ['server', 'add', '@web9', '--host', '10.0.0.19', '--http', 'nginx', '--files', 'local'], /^aegir: files: "local" writes on the hub itself, but 10\.0\.0\.19 is not the hub/],
    ['@localhost on a remote host', () => ['server', 'set', '@localhost', 'host=10.0.0.50'], /^aegir: host: "10\.0\.0\.50" is not the hub: @localhost always means the hub itself/],
    ['an unspecified address as host', () => ['server', 'add', '@web9', '--host', '0.0.0.0', '--http', 'nginx'], /^aegir: host: "0\.0\.0\.0" is not a host/],
    ['client add root', () => ['client', 'add', 'root'], /^aegir: name: "root" is reserved: it is the name of a system account or group/],
    ['client add www', () => ['client', 'add', 'www'], /^aegir: name: "www" is reserved/],
    ['a site named default', () => ['site', 'add', 'default', '--platform', '@mw139', '--db', '@db1'], /^aegir: uri: "default" is not a site name/],
    ['a site named sites.php', () => ['site', 'add', 'sites.php', '--platform', '@mw139', '--db', '@db1'], /^aegir: uri: "sites\.php" is not a site name: \.php is a file name extension/],
    ['a clone onto its own uri', () => ['clone', '@wiki.example.com', 'wiki.example.com'], /^aegir: uri: "wiki\.example\.com" is the uri of the site being cloned \(@wiki\.example\.com\): a clone needs a new uri/],
    ['a clone onto its own uri, spelt otherwise', () => ['clone', '@wiki.example.com', 'WIKI.Example.com.'], /is the uri of the site being cloned/],
    ['backup list of an unknown site', () => ['backup', 'list', '@nosuch.example.com'], /^aegir: site @nosuch\.example\.com does not exist/],
    ['a platform migrated onto itself', () => ['migrate', '@mw139', '--to', '@MW139'], /^aegir: to: "@mw139" is the platform being migrated \(@mw139\)/],
    ["source: a user's home", () => ['platform', 'add', '@p', '--root', '/var/www/p', '--app', 'php', '--web', '@web1', '--source', '/home/alice'], /^aegir: source: "\/home\/alice" is not a source: it is \/home\/alice, a user's home directory/],
    ['a site uri too long to name its files', () => ['site', 'add', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.example.com`, '--platform', '@mw139', '--db', '@db1'], /^aegir: uri: ".*" is not a site uri: it is 203 characters long/],
  ];

  it.each(cases)('exits 2 on %s, naming the field and the rule; nothing is stored', async (_what, args, message) => {
    const before = await snapshot();
    const run = hub.run(args());
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(await snapshot()).toBe(before);
  });

  it('alias export --drush refuses a relative directory, and makes none', () => {
    const relative = `aegir-drush-relative-${process.pid}`;
    const run = hub.run(['alias', 'export', '--drush', relative]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^aegir: drush: "${relative}" is not an absolute path: it is relative`));
    expect(existsSync(relative)).toBe(false);
    expect(existsSync(join(process.cwd(), relative))).toBe(false);
  });

  it('refuses to delete a platform whose root holds another, in a nested layout written straight into the database', async () => {
    const store = await openStore({ home: hub.home });
    try {
      await store.platforms.insert(parsePlatform({ alias: '@inner', root: '/var/www/outer2/inner', app: 'php', web: '@web1' }));
    } finally {
      await store.close();
    }
    const before = await snapshot();
    for (const args of [['delete', '@outer', '--dry-run'], ['delete', '@outer']]) {
      const run = hub.run(args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toBe(
        'aegir: cannot remove /var/www/outer2 on @web1 for platform @outer: it contains the root of platform @inner (/var/www/outer2/inner); ' +
          'a removal never deletes what another entity owns: move or remove that entity first\n',
      );
    }
    expect(await snapshot()).toBe(before);
    // With the inner record gone (its files are left alone), the outer platform goes as before.
    ok(['platform', 'remove', '@inner']);
    const dry = hub.run(['delete', '@outer', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('/var/www/outer2');
  });
});
