import { describe, expect, it } from 'vitest';
import { parseCluster } from './cluster.js';
import { AegirError, ConflictError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import { parsePlatform } from './platform.js';
import { checkAliasFree, checkClientFree, checkCluster, checkPlatform, checkServer, checkSite } from './rules.js';
import { applySettings, parseServerInput } from './server-input.js';
import { parseSite } from './site.js';
import { checkClientRemoval, checkRemoval, usersOfServer } from './usage.js';

const HUB = { home: '/root/.aegir' };
const web1 = parseServerInput({ alias: '@web1', host: '10.0.0.11', http: 'nginx' });
const web2 = parseServerInput({ alias: '@web2', host: '10.0.0.12', http: 'nginx' });
const apache1 = parseServerInput({ alias: '@apache1', host: '10.0.0.13', http: 'apache' });
const db1 = parseServerInput({ alias: '@db1', host: '10.0.0.21', db: 'mysql', set: ['db.password=pw'] });
const webfarm = parseCluster({ alias: '@webfarm', servers: ['@web1', '@web2'] });
const mw139 = parsePlatform({ alias: '@mw139', root: '/var/aegir/platforms/mw139', app: 'mediawiki', web: '@webfarm' });
const wp = parsePlatform({ alias: '@wp', root: '/var/aegir/platforms/wp', app: 'wordpress', web: '@web1' });
const wiki = parseSite({ uri: 'wiki.example.com', platform: '@mw139', db: '@db1', aliases: ['www.wiki.example.com'], client: 'acme' });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const inv: Inventory = deepFreeze({
  servers: [web1, web2, apache1, db1],
  clusters: [webfarm],
  platforms: [mw139, wp],
  sites: [wiki],
  clients: [{ name: 'acme' }],
});
const before = JSON.stringify(inv);

/** Runs a check that must refuse; returns the error and proves the inventory did not change. */
function refusal(run: () => void): AegirError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(JSON.stringify(inv)).toBe(before);
  expect(caught).toBeInstanceOf(AegirError);
  return caught as AegirError;
}

describe('the inventory as built', () => {
  it('passes every check', () => {
    for (const server of inv.servers) checkServer(inv, server);
    checkCluster(inv, webfarm);
    checkPlatform(inv, mw139, HUB);
    checkPlatform(inv, wp, HUB);
    checkSite(inv, wiki);
  });
});

describe('aliases share one namespace', () => {
  it.each(['@web1', '@webfarm', '@mw139', '@wiki.example.com'])('refuses a new entity named %s', (alias) => {
    const error = refusal(() => checkAliasFree(inv, alias));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(new RegExp(`^${alias} is already taken by (server|cluster|platform|site) ${alias}$`));
  });

  it('refuses a platform whose alias is a server', () => {
    const platform = parsePlatform({ alias: '@web2', root: '/var/aegir/platforms/x', app: 'php', web: '@web1' });
    expect(refusal(() => checkPlatform(inv, platform, HUB)).message).toBe('@web2 is already taken by server @web2');
  });

  it('refuses a client name that exists', () => {
    expect(refusal(() => checkClientFree(inv, { name: 'acme' })).message).toBe('client acme already exists');
  });
});

describe('cluster members', () => {
  it('must exist', () => {
    const error = refusal(() => checkCluster(inv, parseCluster({ alias: '@c', servers: '@web1,@nope' })));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('servers: "@nope" is not a server: did you mean a web server, e.g. @web1, @web2 or @apache1?');
  });

  it('must serve http', () => {
    expect(refusal(() => checkCluster(inv, parseCluster({ alias: '@c', servers: '@db1' }))).message).toBe(
      'servers: "@db1" has no web service (http=null); choose a server with http=nginx or http=apache, e.g. @web1, @web2 or @apache1',
    );
  });

  it('must share one http implementation', () => {
    expect(refusal(() => checkCluster(inv, parseCluster({ alias: '@c', servers: '@web1,@apache1' }))).message).toContain(
      'mixes http implementations (@web1 nginx, @apache1 apache); all members of @c must use the same one',
    );
  });

  it('cannot be clusters', () => {
    expect(refusal(() => checkCluster(inv, parseCluster({ alias: '@c', servers: '@webfarm' }))).message).toContain(
      'is a cluster, not a server',
    );
  });
});

describe('platform web targets', () => {
  const platform = (web: string) => parsePlatform({ alias: '@p', root: '/var/aegir/platforms/p', app: 'drupal', web });

  it('accept a web server or a cluster', () => {
    checkPlatform(inv, platform('@apache1'), HUB);
    checkPlatform(inv, platform('@webfarm'), HUB);
  });

  it('refuse a server without http', () => {
    expect(refusal(() => checkPlatform(inv, platform('@db1'), HUB)).message).toContain('web: "@db1" has no web service (http=null)');
  });

  it('refuse an unknown target', () => {
    expect(refusal(() => checkPlatform(inv, platform('@nowhere'), HUB)).message)
      .toBe('web: "@nowhere" is not a server or cluster: did you mean a web server or cluster, e.g. @web1, @web2, @apache1 or @webfarm?');
  });

  it('refuse a root another platform has', () => {
    const clash = parsePlatform({ alias: '@p', root: '/var/aegir/platforms/wp', app: 'drupal', web: '@web1' });
    expect(refusal(() => checkPlatform(inv, clash, HUB)).message).toBe('root /var/aegir/platforms/wp is already the root of platform @wp');
  });
});

describe('sites', () => {
  const site = (change: Record<string, unknown>) => parseSite({ uri: 'blog.example.com', platform: '@wp', db: '@db1', ...change });

  it('refuse a db server whose db is null', () => {
    expect(refusal(() => checkSite(inv, site({ db: '@web1' }))).message).toBe(
      'db: "@web1" has no database service (db=null); choose a server with db=mysql or db=postgres, e.g. @db1',
    );
  });

  it('refuse a new site on a locked platform, but let a site already there change', () => {
    const locked: Inventory = { ...inv, platforms: inv.platforms.map((p) => ({ ...p, locked: true })) };
    expect(refusal(() => checkSite(locked, site({}))).message).toBe('platform @wp is locked: no new sites on it (aegir unlock @wp first)');
    expect(() => checkSite(locked, { ...wiki, aliases: [] })).not.toThrow();
    expect(refusal(() => checkSite(locked, { ...wiki, platform: '@wp' })).message).toContain('platform @wp is locked');
  });

  it('refuse an unknown platform, db server or client', () => {
    expect(refusal(() => checkSite(inv, site({ platform: '@nope' }))).message).toBe('platform: "@nope" is not a platform: did you mean a platform, e.g. @mw139 or @wp?');
    // `--db mysql` names a kind of database, not a server: the refusal names the db servers there are.
    expect(refusal(() => checkSite(inv, site({ db: '@mysql' }))).message).toBe('db: "@mysql" is not a server: did you mean a db server, e.g. @db1?');
    expect(refusal(() => checkSite(inv, site({ client: 'nobody' }))).message).toBe("client: \"nobody\" is not a client (add it with 'aegir client add nobody')");
    const empty: Inventory = { ...inv, platforms: [], servers: [web1] };
    expect(refusal(() => checkSite(empty, site({}))).message).toBe("platform: \"@wp\" is not a platform (there are no platforms yet: add one with 'aegir platform add')");
    expect(refusal(() => checkSite({ ...inv, servers: [web1] }, site({}))).message).toContain("no server has a database yet: 'aegir server add @db1 --host HOST --db mysql'");
  });

  it('refuse a uri or alias another site has, naming that site', () => {
    expect(refusal(() => checkSite(inv, site({ aliases: ['www.wiki.example.com'] }))).message).toBe(
      'www.wiki.example.com is already an alias of site wiki.example.com; uris and aliases are unique across sites',
    );
    const error = refusal(() => checkSite(inv, site({ uri: 'www.wiki.example.com' })));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('is already an alias of site wiki.example.com');
    expect(refusal(() => checkSite(inv, site({ aliases: ['wiki.example.com'] }))).message).toContain(
      'wiki.example.com is already the uri of site wiki.example.com',
    );
  });

  it('may keep their own uri and aliases when changed', () => {
    checkSite(inv, { ...wiki, redirect: true });
  });
});

describe('servers in use', () => {
  it('lists who uses a server', () => {
    expect(usersOfServer(inv, '@web1')).toEqual([
      { kind: 'platform', alias: '@wp', role: 'web target' },
      { kind: 'cluster', alias: '@webfarm', role: 'cluster member' },
    ]);
    expect(usersOfServer(inv, '@db1')).toEqual([{ kind: 'site', alias: '@wiki.example.com', role: 'db server' }]);
    expect(usersOfServer(inv, '@apache1')).toEqual([]);
  });

  it('cannot be removed; the error names every user', () => {
    expect(refusal(() => checkRemoval(inv, '@web1')).message).toBe(
      'server @web1 cannot be removed: it is used by platform @wp (web target), cluster @webfarm (cluster member); change or remove those first',
    );
    expect(refusal(() => checkRemoval(inv, '@db1')).message).toContain('site @wiki.example.com (db server)');
    expect(refusal(() => checkRemoval(inv, '@webfarm')).message).toContain('cluster @webfarm cannot be removed: it is used by platform @mw139');
    expect(refusal(() => checkRemoval(inv, '@mw139')).message).toContain('platform @mw139 cannot be removed: it is used by site @wiki.example.com');
    expect(refusal(() => checkClientRemoval(inv, 'acme')).message).toContain('client acme cannot be removed');
    checkRemoval(inv, '@apache1');
    checkRemoval(inv, '@wiki.example.com');
  });

  it('cannot lose the service they are used for', () => {
    expect(refusal(() => checkServer(inv, applySettings(web2, ['http=null']))).message).toBe(
      'server @web2 cannot have http=null: it is used by cluster @webfarm (cluster member)',
    );
    expect(refusal(() => checkServer(inv, applySettings(web2, ['http=apache']))).message).toContain(
      'cluster @webfarm uses http=nginx (@web1); all members must use the same one',
    );
    expect(refusal(() => checkServer(inv, applySettings(db1, ['db=null']))).message).toBe(
      'server @db1 cannot have db=null: it is used by site @wiki.example.com (db server)',
    );
  });
});
