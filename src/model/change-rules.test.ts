import { describe, expect, it } from 'vitest';
import { parseCluster } from './cluster.js';
import { AegirError, ConflictError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import { parsePlatform } from './platform.js';
import { checkCluster, checkPlatform, checkServer } from './rules.js';
import { applySettings, parseServerInput } from './server-input.js';
import { parseSite } from './site.js';

const HUB = { home: '/root/.aegir' };
const web1 = parseServerInput({ alias: '@web1', host: '10.0.0.11', http: 'nginx' });
const web2 = parseServerInput({ alias: '@web2', host: '10.0.0.12', http: 'nginx', set: ['http.platform-bases=/srv/platforms'] });
const web3 = parseServerInput({ alias: '@web3', host: '10.0.0.13', http: 'nginx' });
const db1 = parseServerInput({ alias: '@db1', host: '10.0.0.21', db: 'mysql', set: ['db.password=pw'] });
const pg1 = parseServerInput({ alias: '@pg1', host: '10.0.0.21', db: 'postgres', set: ['db.password=pw'] });
const farm = parseCluster({ alias: '@farm', servers: ['@web1'] });
const pa = parsePlatform({ alias: '@pa', root: '/var/www/pa', app: 'php', web: '@farm' });
const pb = parsePlatform({ alias: '@pb', root: '/var/www/pb', app: 'php', web: '@web1' });
const p3 = parsePlatform({ alias: '@p3', root: '/var/www/pa/nested', app: 'php', web: '@web3' });
const s1 = parseSite({ uri: 's1.example.com', platform: '@pa', db: '@db1', status: 'enabled' });
const s2 = parseSite({ uri: 's2.example.com', platform: '@pa', db: '@db1', status: 'disabled' });
const queued = parseSite({ uri: 'q.example.com', platform: '@pb', db: '@db1' });

const inv: Inventory = { servers: [web1, web2, web3, db1, pg1], clusters: [farm], platforms: [pa, pb, p3], sites: [s1, s2, queued], clients: [] };

function refusal(run: () => void): AegirError {
  try {
    run();
  } catch (error) {
    if (error instanceof AegirError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('platform changes that would bypass migrate', () => {
  it.each([
    [{ root: '/var/www/pa2' }, 'root'],
    [{ app: 'drupal' as const }, 'app'],
    [{ web: '@web1' }, 'web'],
    [{ source: '/srv/build/pa' }, 'source'],
  ])('%j is refused while sites are installed, naming the migrate commands', (change, field) => {
    const error = refusal(() => checkPlatform(inv, { ...pa, ...change }, HUB));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `platform @pa cannot change its ${field} while sites are installed on it (@s1.example.com, @s2.example.com): ` +
        `add a platform with the new ${field} and move the sites there with 'aegir migrate @pa --to @new' (or one site: 'aegir migrate @s1.example.com --platform @new')`,
    );
  });

  it('lets the lock change under installed sites, and anything change when no site is installed yet', () => {
    checkPlatform(inv, { ...pa, locked: true }, HUB);
    checkPlatform(inv, { ...pb, root: '/var/www/pb2', app: 'drupal' }, HUB);
  });
});

describe('server changes', () => {
  it('refuses switching the db implementation under sites (their credentials would be reset)', () => {
    const error = refusal(() => checkServer(inv, applySettings(db1, ['db=postgres', 'db.password=x'])));
    expect(error.message).toBe(
      "server @db1 cannot switch db from mysql to postgres: it is used by site @s1.example.com (db server), site @s2.example.com (db server), site @q.example.com (db server); move its sites to another db server first ('aegir migrate @site --db @other')",
    );
  });

  it('refuses switching the web server under platforms or clusters; a server nothing uses may switch', () => {
    const lone = { ...inv, clusters: [] };
    expect(refusal(() => checkServer(lone, applySettings(web1, ['http=apache']))).message).toContain('server @web1 cannot switch http from nginx to apache: it is used by platform @pb (web target)');
    checkServer(inv, applySettings(web2, ['http=apache']));
    checkServer(inv, applySettings(pg1, ['db=mysql', 'db.password=x']));
  });

  it('refuses allowed bases that would leave a platform root outside them', () => {
    expect(refusal(() => checkServer(inv, applySettings(web1, ['http.platform-bases=/srv/platforms']))).message).toBe(
      'server @web1 cannot have http.platformBases=/srv/platforms: the root /var/www/pa of platform @pa is not below an allowed base of @web1 (/srv/platforms): a platform root is a dedicated directory below one of them (or allow its parent: aegir server set @web1 http.platform-bases=/srv/platforms,/var/www)',
    );
    checkServer(inv, applySettings(web1, ['http.platform-bases=/var/www,/srv/platforms']));
  });

  it('@localhost is always the hub; files=local only on the hub', () => {
    const remoteHub = refusal(() => checkServer(inv, parseServerInput({ alias: '@localhost', host: '10.0.0.99', http: 'nginx' })));
    expect(remoteHub).toBeInstanceOf(ValidationError);
    expect(remoteHub.message).toBe('host: "10.0.0.99" is not the hub: @localhost always means the hub itself (host one of localhost, 127.0.0.1, ::1); give this server another alias');
    const remoteLocal = refusal(() => checkServer(inv, parseServerInput({ alias: '@web9', host: 'web9.example.com', files: 'local' })));
    expect(remoteLocal.message).toBe('files: "local" writes on the hub itself, but web9.example.com is not the hub (files=local only for @localhost or a host of localhost, 127.0.0.1, ::1); use files=rsync');
    checkServer(inv, parseServerInput({ alias: '@localhost', host: '127.0.0.1', files: 'local' }));
    checkServer(inv, parseServerInput({ alias: '@self', host: '::1', files: 'local' }));
  });
});

describe('cluster changes', () => {
  it('refuses a new member whose bases do not hold the roots of the cluster platforms', () => {
    expect(refusal(() => checkCluster(inv, parseCluster({ alias: '@farm', servers: '@web1,@web2' }))).message).toContain(
      'cluster @farm cannot have servers @web1,@web2: the root /var/www/pa of platform @pa is not below an allowed base of @web2 (/srv/platforms)',
    );
  });

  it('refuses a new member that already serves a platform nested with one of the cluster', () => {
    expect(refusal(() => checkCluster(inv, parseCluster({ alias: '@farm', servers: '@web1,@web3' }))).message).toContain(
      'cluster @farm cannot have servers @web1,@web3: the root /var/www/pa of platform @pa contains the root of platform @p3 (/var/www/pa/nested) on @web3',
    );
  });

  it('accepts members that hold every root', () => {
    const ok = { ...inv, platforms: [pa, pb] };
    checkCluster(ok, parseCluster({ alias: '@farm', servers: '@web1,@web3' }));
  });
});
