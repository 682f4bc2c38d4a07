import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createHub, ensureBuilt, transcript, type Hub } from './aegir-binary.js';

const PASSWORD = 'Plugh-71ab-never-print-me';

const COMMANDS = [
  [], ['init'], ['server'], ['server', 'add'], ['server', 'set'], ['server', 'remove'], ['cluster'], ['cluster', 'add'],
  ['cluster', 'set'], ['cluster', 'remove'], ['platform'], ['platform', 'add'], ['platform', 'set'], ['platform', 'remove'],
  ['site'], ['site', 'add'], ['site', 'set'], ['site', 'remove'], ['client'], ['client', 'add'], ['client', 'remove'],
  ['list'], ['show'],
];

describe('aegir exit codes, refusals and secrets', () => {
  let hub: Hub;
  /** The whole inventory, read straight from the database (faster than spawning `aegir list`). */
  const snapshot = async (): Promise<string> => {
    const store = await openStore({ home: hub.home, migrate: false });
    try {
      return JSON.stringify(await store.loadInventory());
    } finally {
      await store.close();
    }
  };

  beforeAll(() => {
    ensureBuilt();
    hub = createHub();
    const setup = [
      ['init'],
      ['server', 'add', '@db1', '--host', 'db1.example.com', '--db', 'mysql', '--set', 'db.password=-'],
      ['server', 'add', '@web1', '--host', '10.0.0.11', '--http', 'nginx'],
      ['server', 'add', '@ap1', '--host', '10.0.0.21', '--http', 'apache'],
      ['cluster', 'add', '@web', '--servers', '@web1'],
      ['platform', 'add', '@mw139', '--root', '/var/aegir/platforms/mw139', '--app', 'mediawiki', '--web', '@web'],
      ['client', 'add', 'acme'],
      ['site', 'add', 'wiki.example.com', '--platform', '@mw139', '--db', '@db1', '--alias', 'www.wiki.example.com', '--client', 'acme'],
    ];
    for (const args of setup) expect(hub.run(args, { stdin: PASSWORD }).code, args.join(' ')).toBe(0);
  });

  afterAll(() => {
    expect(transcript.join('\n')).not.toContain(PASSWORD);
    hub.dispose();
  });

  it('prints help for every command with --help and exits 0', () => {
    for (const args of COMMANDS) {
      const run = hub.run([...args, '--help']);
      expect({ args, code: run.code }).toEqual({ args, code: 0 });
      expect(run.stdout).toMatch(/^Usage: aegir/);
    }
  });

  it.each([
    ['an unknown command', ['bogus'], /^aegir: unknown command 'bogus'/],
    ['an unknown option', ['list', '--bogus'], /^aegir: unknown option '--bogus'/],
    ['a missing argument', ['server', 'remove'], /^aegir: missing required argument 'alias'/],
    ['a missing required option', ['server', 'add', '@x'], /^aegir: required option '--host <host>' not specified/],
    ['too many arguments', ['client', 'add', 'a', 'b'], /^aegir: too many arguments/],
    ['a group without subcommand', ['cluster'], /Usage: aegir cluster/],
    ['no command at all', [], /Usage: aegir/],
    ['an invalid alias', ['server', 'add', 'web 1', '--host', 'x.example.com'], /^aegir: alias: "web 1" is not an alias/],
    ['an invalid host', ['server', 'add', '@x', '--host', 'a..b'], /^aegir: host: "a\.\.b" is not/],
    ['an unknown implementation', ['server', 'add', '@x', '--host', 'x.example.com', '--http', 'iis'], /^aegir: http: "iis" is not an http implementation/],
    ['an unknown setting', ['server', 'add', '@x', '--host', 'h.example.com', '--http', 'nginx', '--set', 'http.colour=red'], /^aegir: http\.colour: "red" is not a setting of http\.nginx/],
    ['a bad port', ['server', 'set', '@web1', 'http.port=99999'], /^aegir: http\.port: "99999" is not a port/],
    ['a relative root', ['platform', 'add', '@p', '--root', 'var/www', '--app', 'php', '--web', '@web1'], /^aegir: root: "var\/www"/],
    ['an unknown app', ['platform', 'add', '@p', '--root', '/var/www', '--app', 'joomla', '--web', '@web1'], /^aegir: app: "joomla"/],
    ['a bad client name', ['client', 'add', 'Acme!'], /^aegir: name: "Acme!" is not a client name/],
    ['an unknown list kind', ['list', 'robots'], /^aegir: kind: "robots" is not a kind of entity/],
    ['an unknown entity', ['show', '@nothing'], /^aegir: entity @nothing does not exist/],
    ['a missing server', ['server', 'remove', '@nothing'], /^aegir: server @nothing does not exist/],
    ['a field that cannot be set', ['site', 'set', 'wiki.example.com', 'uri=x.example.com'], /^aegir: uri: "x\.example\.com" cannot be changed/],
    ['a group size that is not a positive integer', ['serve', '--group', '0'], /^aegir: --group: "0" must be a positive integer/],
  ])('exits 2 on %s', async (_what, args, message) => {
    const before = await snapshot();
    const run = hub.run(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ['removing a server in use', ['server', 'remove', '@web1'], /server @web1 cannot be removed: it is used by cluster @web/],
    ['removing the db server of a site', ['server', 'remove', '@db1'], /site @wiki\.example\.com \(db server\)/],
    ['removing a cluster in use', ['cluster', 'remove', '@web'], /platform @mw139/],
    ['removing a platform with sites', ['platform', 'remove', '@mw139'], /site @wiki\.example\.com/],
    ['removing a client with sites', ['client', 'remove', 'acme'], /client acme cannot be removed/],
    ['a taken alias', ['cluster', 'add', '@web1', '--servers', '@web1'], /@web1 is already taken by server @web1/],
    ['a taken site name', ['site', 'add', 'www.wiki.example.com', '--platform', '@mw139', '--db', '@db1'], /already an alias of site wiki\.example\.com/],
    ['a site on a server without db', ['site', 'add', 'b.example.com', '--platform', '@mw139', '--db', '@web1'], /db: "@web1" has no database service/],
    ['a platform on a server without http', ['platform', 'add', '@p', '--root', '/var/p', '--app', 'php', '--web', '@db1'], /web: "@db1" has no web service/],
    ['a cluster mixing http implementations', ['cluster', 'set', '@web', 'servers=@web1,@ap1'], /mixes http implementations/],
    ['switching off http on a cluster member', ['server', 'set', '@web1', 'http=null'], /cannot have http=null/],
    ['a site of an unknown client', ['site', 'set', 'wiki.example.com', 'client=nobody'], /client: "nobody" is not a client/],
  ])('refuses %s with exit code 2 and changes nothing', async (_what, args, message) => {
    const before = await snapshot();
    const run = hub.run(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await snapshot()).toBe(before);
  });

  it('never prints a refused password, whatever the refusal', () => {
    const attempts = [
      ['server', 'add', '@db2', '--host', 'db2.example.com', '--db', 'null', '--set', 'db.password=-'],
      ['server', 'set', '@web1', 'db.password=-'],
      ['server', 'set', '@db1', 'db.password=-', 'db.port=nope'],
    ];
    for (const args of attempts) {
      const run = hub.run(args, { stdin: `${PASSWORD}\n` });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^aegir: /);
    }
    const inline = hub.run(['server', 'set', '@web1', `db.password=${PASSWORD}`]);
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain('db.password: "********"');
    transcript.push(...['show', 'list'].map((cmd) => hub.run(cmd === 'show' ? ['show', '@db1'] : ['list']).stdout));
  });

  it('lets only one of two hub processes racing for a site name win (SQLite locking)', async () => {
    const add = (uri: string): string[] => ['site', 'add', uri, '--platform', '@mw139', '--db', '@db1', '--alias', 'race.example.com'];
    const runs = await Promise.all([hub.start(add('r1.example.com')), hub.start(add('r2.example.com'))]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    expect(runs.find((r) => r.code === 2)?.stderr).toMatch(/^aegir: race\.example\.com is already an alias of site r[12]\.example\.com/);
    const sites = JSON.parse(hub.run(['list', 'sites', '--json']).stdout) as { aliases: string[] }[];
    expect(sites.filter((s) => s.aliases.includes('race.example.com'))).toHaveLength(1);
  });

  it('exits 2 when standard input is empty for db.password=-, and 1 when the hub is not initialised', () => {
    const empty = hub.run(['server', 'set', '@db1', 'db.password=-'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^aegir: db\.password: "" is empty on standard input/);
    const fresh = hub.run(['list'], { env: { AEGIR_HOME: `${hub.home}-missing` } });
    expect(fresh.code).toBe(1);
  });
});
