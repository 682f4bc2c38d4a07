import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, ensureBuilt, transcript, type Hub } from './aegir-binary.js';

/** A recognisable password: it must never appear in any output. */
const PASSWORD = 'Xyzzy-9f3c-never-print-me';

describe('aegir commands', () => {
  let hub: Hub;
  const ok = (args: string[], stdin?: string): string => {
    const run = hub.run(args, stdin === undefined ? {} : { stdin });
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout;
  };
  const json = (args: string[]): unknown => JSON.parse(ok([...args, '--json']));

  beforeAll(() => {
    ensureBuilt();
    hub = createHub();
    ok(['init']);
  });

  afterAll(() => {
    expect(transcript.join('\n')).not.toContain(PASSWORD);
    expect(readFileSync(join(hub.home, 'aegir.db')).includes(PASSWORD)).toBe(false);
    hub.dispose();
  });

  it('server add, with the db password from standard input, then show and list it redacted', () => {
    const added = ok(['server', 'add', '@db1', '--host', 'db1.example.com', '--db', 'mysql', '--set', 'db.user=admin',
      '--set', 'db.password=-'], `${PASSWORD}\n`).split('\n');
    expect(added[0]).toBe("added server @db1: recorded, not applied yet: run 'aegir verify @db1' (or pass --verify)");
    expect(added[1]).toBe('hub public key (add it to root@db1.example.com:~/.ssh/authorized_keys):');
    expect(added[2]).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=* \S+/);
    expect(added.slice(3)).toEqual(['']);
    // A server's own key must be a private key file on the hub, readable by its owner only.
    const key = join(dirname(hub.home), 'id_ed25519');
    writeFileSync(key, 'not a real key\n', { mode: 0o600 });
    ok(['server', 'add', '@web1', '--host', '10.0.0.11', '--ssh-port', '2222', '--ssh-user', 'deploy',
      '--ssh-key', key, '--http', 'nginx', '--files', 'rsync', '--set', 'http.port=8080']);
    ok(['server', 'add', '@web2', '--host', 'web2.example.com', '--http', 'nginx']);

    const db = json(['show', '@db1']) as { services: { db: { impl: string; settings: Record<string, unknown> } } };
    expect(db.services.db).toEqual({ impl: 'mysql', settings: { user: 'admin', password: '********', port: 3306 } });
    expect(ok(['show', '@db1'])).toMatch(/^db\.password: +\*{8}$/m);
    const web = json(['show', '@web1']);
    expect(web).toMatchObject({ kind: 'server', host: '10.0.0.11', sshPort: 2222, sshUser: 'deploy', sshKey: key });
    expect(web).toMatchObject({ services: { http: { impl: 'nginx', settings: { port: 8080 } } } });
    expect(ok(['show', '@web1'])).toMatch(/^alias: +@web1$/m);

    const servers = json(['list', 'servers']) as { alias: string }[];
    expect(servers.map((s) => s.alias)).toEqual(['@db1', '@localhost', '@web1', '@web2']);
    expect(JSON.stringify(servers)).toContain('"password":"********"');
    const table = ok(['list', 'servers']).split('\n');
    expect(table[0]).toMatch(/^ALIAS +HOST +HTTP +DB +FILES$/);
    const web1 = table.find((line) => line.startsWith('@web1 ')) ?? '';
    expect(web1.indexOf('10.0.0.11')).toBe(table[0]?.indexOf('HOST'));
    expect(web1.indexOf('nginx')).toBe(table[0]?.indexOf('HTTP'));
  });

  it('server set changes fields, settings and implementations; the password can be replaced from stdin', () => {
    expect(ok(['server', 'set', '@web2', 'host=10.0.0.12', 'http.port=8081', 'ssh-port=22']))
      .toBe("changed server @web2: recorded, not applied yet: run 'aegir verify @web2' (or pass --verify)\n");
    expect(json(['show', '@web2'])).toMatchObject({ host: '10.0.0.12', services: { http: { settings: { port: 8081 } } } });
    ok(['server', 'set', '@db1', 'db.password=-'], `${PASSWORD}-2`);
    ok(['server', 'set', '@db1', 'db=postgres']);
    expect(json(['show', '@db1'])).toMatchObject({ services: { db: { impl: 'postgres', settings: { user: 'postgres', port: 5432 } } } });
    ok(['server', 'set', '@db1', 'db.password=-'], PASSWORD);
    expect(ok(['show', '@db1'])).toContain('********');
  });

  it('cluster add|set|remove', () => {
    ok(['server', 'add', '@web3', '--host', '10.0.0.13', '--http', 'nginx']);
    expect(ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']))
      .toBe("added cluster @web: recorded, not applied yet: run 'aegir verify @web1 && aegir verify @web2' (or pass --verify)\n");
    expect(json(['show', '@web'])).toEqual({ kind: 'cluster', alias: '@web', servers: ['@web1', '@web2'] });
    ok(['cluster', 'set', '@web', 'servers=@web1,@web2,@web3']);
    expect(json(['list', 'clusters'])).toEqual([{ alias: '@web', servers: ['@web1', '@web2', '@web3'] }]);
    ok(['cluster', 'set', '@web', '--servers', '@web2,@web1']);
    expect(ok(['show', '@web'])).toMatch(/^servers: +@web2,@web1$/m);
    ok(['cluster', 'add', '@spare', '--servers', '@web3']);
    expect(ok(['cluster', 'remove', '@spare'])).toBe('removed cluster @spare\n');
    expect(ok(['list', 'clusters'])).toBe('ALIAS  SERVERS\n@web   @web2,@web1\n');
  });

  it('platform add|set|remove', () => {
    expect(ok(['platform', 'add', '@mw139', '--root', '/var/aegir/platforms/mw139', '--app', 'mediawiki', '--web', '@web']))
      .toBe("added platform @mw139: recorded, not applied yet: run 'aegir verify @mw139' (or pass --verify)\n");
    ok(['platform', 'add', '@d10', '--root', '/var/aegir/platforms/d10/', '--app', 'drupal', '--web', '@web3', '--source', '/srv/src/d10']);
    expect(json(['show', '@d10'])).toEqual({
      kind: 'platform', alias: '@d10', root: '/var/aegir/platforms/d10', app: 'drupal', web: '@web3', source: '/srv/src/d10', locked: false,
    });
    ok(['platform', 'set', '@d10', 'locked=true', 'web=@web', 'source=']);
    expect(json(['show', '@d10'])).toEqual({
      kind: 'platform', alias: '@d10', root: '/var/aegir/platforms/d10', app: 'drupal', web: '@web', locked: true,
    });
    expect(ok(['platform', 'remove', '@d10'])).toBe('removed platform @d10\n');
    expect((json(['list', 'platforms']) as { alias: string }[]).map((p) => p.alias)).toEqual(['@mw139']);
  });

  it('client add|remove and site add|set|remove', () => {
    expect(ok(['client', 'add', 'acme'])).toBe('added client acme\n');
    ok(['client', 'add', 'other']);
    expect(ok(['site', 'add', 'Wiki.Example.com', '--platform', '@mw139', '--db', '@db1', '--alias', 'www.wiki.example.com',
      '--alias', 'w.example.com', '--redirect', '--client', 'acme']))
      .toBe("added site wiki.example.com: recorded; it is applied when the site is installed ('aegir install @wiki.example.com')\n");
    expect(json(['show', '@wiki.example.com'])).toEqual({
      kind: 'site', alias: '@wiki.example.com', uri: 'wiki.example.com', platform: '@mw139', db: '@db1',
      aliases: ['www.wiki.example.com', 'w.example.com'], redirect: true, client: 'acme', status: 'new',
    });
    ok(['site', 'add', 'bücher.example', '--platform', '@mw139', '--db', '@db1']);
    expect(json(['show', 'xn--bcher-kva.example'])).toMatchObject({ uri: 'xn--bcher-kva.example', aliases: [], redirect: false });
    ok(['site', 'set', 'wiki.example.com', 'aliases=alt.example.com', 'redirect=false', 'client=other']);
    expect(json(['show', 'wiki.example.com'])).toMatchObject({ aliases: ['alt.example.com'], redirect: false, status: 'new', client: 'other' });
    // The status belongs to the tasks (install, disable, enable), not to `site set`.
    expect(hub.run(['site', 'set', 'wiki.example.com', 'status=enabled']).code).toBe(2);
    expect(ok(['show', 'acme'])).toBe('kind: client\nname: acme\n');
    expect(ok(['client', 'remove', 'acme'])).toBe('removed client acme\n');
    expect(ok(['site', 'remove', '@xn--bcher-kva.example'])).toBe('removed site xn--bcher-kva.example\n');
    const sites = ok(['list', 'sites']).split('\n');
    expect(sites[0]).toMatch(/^URI +PLATFORM +DB +STATUS +CLIENT +ALIASES$/);
    expect(sites[1]).toMatch(/^wiki\.example\.com +@mw139 +@db1 +new +other +alt\.example\.com$/);
  });

  it('list with no kind shows every kind, and --json is an object of arrays', () => {
    const all = json(['list']) as Record<string, unknown[]>;
    expect(Object.keys(all)).toEqual(['servers', 'clusters', 'platforms', 'sites', 'clients']);
    expect(all.clients).toEqual([{ name: 'other' }]);
    const text = ok(['list']);
    for (const title of ['servers:', 'clusters:', 'platforms:', 'sites:', 'clients:']) expect(text).toContain(`${title}\n`);
    expect(text).toMatch(/^other$/m);
  });

  it('removes what is no longer used, in order', () => {
    ok(['site', 'remove', 'wiki.example.com']);
    ok(['platform', 'remove', '@mw139']);
    ok(['cluster', 'remove', '@web']);
    for (const alias of ['@web1', '@web2', '@web3', '@db1']) expect(ok(['server', 'remove', alias])).toBe(`removed server ${alias}\n`);
    ok(['client', 'remove', 'other']);
    expect(json(['list'])).toMatchObject({ clusters: [], platforms: [], sites: [], clients: [] });
  });
});
