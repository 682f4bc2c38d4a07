import { describe, expect, it } from 'vitest';
import { parseCluster } from './cluster.js';
import { AegirError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import { checkPlatformRoot, checkPlatformSource } from './platform-paths.js';
import { parsePlatform, type Platform } from './platform.js';
import { checkPlatform } from './rules.js';
import { parseServerInput } from './server-input.js';
import { parseSite } from './site.js';

const HUB = { home: '/var/lib/aegir-hub' };
const web1 = parseServerInput({ alias: '@web1', host: '10.0.0.11', http: 'nginx' });
const web2 = parseServerInput({ alias: '@web2', host: '10.0.0.12', http: 'nginx', set: ['http.platform-bases=/srv/platforms'] });
/** Apache beside nginx on web1's machine: two servers, one disk. */
const web1apache = parseServerInput({ alias: '@web1a', host: '10.0.0.11', http: 'apache' });
const local = parseServerInput({ alias: '@localhost', host: 'localhost', http: 'nginx', files: 'local' });
const farm = parseCluster({ alias: '@farm', servers: ['@web1', '@web2'] });
const solo = parseCluster({ alias: '@solo', servers: ['@web1'] });
const outer = parsePlatform({ alias: '@outer', root: '/var/www/outer', app: 'drupal', web: '@web1' });
const wiki = parseSite({ uri: 'wiki.example.com', platform: '@outer', db: '@web1', status: 'enabled' });

const inv: Inventory = {
  servers: [web1, web2, web1apache, local],
  clusters: [farm, solo],
  platforms: [outer],
  sites: [wiki],
  clients: [],
};

const platform = (change: Partial<Record<keyof Platform, unknown>>): Platform =>
  parsePlatform({ alias: '@p', root: '/var/www/p', app: 'php', web: '@web1', ...change });

function refusal(run: () => void): AegirError {
  try {
    run();
  } catch (error) {
    if (error instanceof AegirError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a platform root on its own', () => {
  it.each([
    ['/var/aegir/platforms/mw139', '/var/aegir/platforms/mw139'],
    ['/var/www/app/', '/var/www/app'],
    ['/srv/platforms/Drupal-10.3_x+1@2', '/srv/platforms/Drupal-10.3_x+1@2'],
  ])('accepts %s', (root, expected) => {
    expect(checkPlatformRoot(root)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['/', 'is / itself, a directory shared by many things'],
    ['/etc', 'is /etc, a system directory'],
    ['/etc/nginx/sites', 'is inside /etc, a system directory'],
    ['/usr', 'is /usr, a system directory'],
    ['/usr/share/wordpress', 'is inside /usr'],
    ['/root', 'is /root, a system directory'],
    ['/root/platforms/x', 'is inside /root'],
    ['/tmp', 'is /tmp, a system directory'],
    ['/tmp/p', 'is inside /tmp'],
    ['/proc', 'is /proc'],
    ['/proc/self/cwd', 'is inside /proc'],
    ['/var', 'is /var itself'],
    ['/var/lib/mysql', 'is inside /var/lib'],
    ['/var/log/nginx', 'is inside /var/log'],
    ['/var/aegir', 'is /var/aegir itself'],
    ['/var/aegir/platforms', 'is /var/aegir/platforms itself'],
    ['/var/www', 'is /var/www itself'],
    ['/home', 'is /home itself'],
    ['/srv', 'is /srv itself'],
    ['/var/www/with space', 'contains " "'],
    ['/var/www/a;include', 'contains ";"'],
    ['/var/www/a{b}', 'contains "{"'],
    ['/var/www/$HOME', 'contains "$"'],
    ['/var/www/"q"', 'contains "\\""'],
    ["/var/www/it's", `contains "'"`],
    ['/var/www/a\\b', 'contains "\\\\"'],
    ['/var/www/*', 'contains "*"'],
    ['/var/www/a:b', 'contains ":"'],
    ['/var/www/%h', 'contains "%"'],
    ['/var/www/...', 'is made of dots only'],
    ['/var/www/-rf', "starts with '-'"],
    ['/var/www/a\nb', 'control character'],
    ['/var/www/a\u0000b', 'contains NUL'],
    ['/var/www/../etc', "'..' segment"],
    ['/var/www//x', "contains '//'"],
    ['var/www/x', 'it is relative'],
    [`/var/www/${'x'.repeat(250)}`, 'characters long'],
  ])('refuses %j (%s)', (root, rule) => {
    const result = checkPlatformRoot(root);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.rule).toContain(rule);
  });
});

describe('a platform source on the hub', () => {
  it.each(['/srv/build/mw139', '/tmp/build/app', '/var/cache/aegir-test/platforms/php-1', '/usr/share/wordpress', '/home/ci/build'])('accepts %s', (source) => {
    expect(checkPlatformSource(source).ok).toBe(true);
  });

  it.each([
    ['/', 'it is / (the whole hub would be pushed'],
    ['/etc', 'is /etc, a directory of the hub holding secrets'],
    ['/etc/ssh', 'is inside /etc'],
    ['/root', 'is /root'],
    ['/root/.ssh', 'is inside /root'],
    ['/var', 'contains /var/backups'],
    ['/var/lib/mysql', 'is inside /var/lib'],
    ['/proc/1/root', 'is inside /proc'],
    ['/srv/a b', 'contains " "'],
    ['/home', 'is /home, the home directories of all users'],
    ['/home/alice', "is /home/alice, a user's home directory"],
  ])('refuses %j (%s)', (source, rule) => {
    const result = checkPlatformSource(source);
    expect(result.ok ? '' : result.rule).toContain(rule);
  });
});

describe('checkPlatform: where a root and a source may be', () => {
  it('accepts a dedicated directory below an allowed base of every web head', () => {
    checkPlatform(inv, platform({}), HUB);
    checkPlatform(inv, platform({ root: '/var/aegir/platforms/p', web: '@web1' }), HUB);
    checkPlatform(inv, platform({ root: '/srv/platforms/p', web: '@web2' }), HUB);
    checkPlatform(inv, platform({ root: '/var/www/outer2' }), HUB);
  });

  it.each([
    [{ root: '/etc' }, 'root', 'is /etc, a system directory'],
    [{ root: '/var/www/a b' }, 'root', 'contains " "'],
    [{ root: '/opt/p' }, 'root', 'is not below an allowed base of @web1 (/var/aegir/platforms, /var/www)'],
    [{ root: '/srv/platforms/p', web: '@farm' }, 'root', 'is not below an allowed base of @web1'],
    [{ root: '/var/www/p', web: '@farm' }, 'root', 'is not below an allowed base of @web2 (/srv/platforms)'],
    [{ root: '/var/www/outer/sub' }, 'root', 'is inside the root of platform @outer (/var/www/outer) on @web1: platforms on one machine never nest'],
    [{ root: '/var/www/outer/sites/wiki.example.com' }, 'root', 'is inside the directory of site @wiki.example.com of platform @outer on @web1'],
    [{ root: '/var/www/outer/sites/wiki.example.com/files/x' }, 'root', 'is inside the directory of site @wiki.example.com'],
    [{ root: '/var/www/out', web: '@web1' }, undefined, undefined],
    [{ source: '/' }, 'source', 'it is / (the whole hub would be pushed'],
    [{ source: '/etc' }, 'source', 'is /etc'],
    [{ source: '/var/lib/aegir-hub' }, 'source', 'is inside /var/lib'],
  ])('%j: refused naming %s', (change, field, rule) => {
    if (field === undefined) {
      checkPlatform(inv, platform(change), HUB);
      return;
    }
    const error = refusal(() => checkPlatform(inv, platform(change), HUB));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(rule);
  });

  it('refuses a root that contains another platform on the same server', () => {
    const inner = { ...inv, platforms: [...inv.platforms, parsePlatform({ alias: '@inner', root: '/var/www/a/b', app: 'php', web: '@web1' })] };
    expect(refusal(() => checkPlatform(inner, platform({ root: '/var/www/a' }), HUB)).message).toBe(
      'root: "/var/www/a" contains the root of platform @inner (/var/www/a/b) on @web1: platforms on one machine never nest (deleting one would remove the other)',
    );
  });

  it('sees nesting through a cluster that holds a server used alone, and through two servers on one host', () => {
    expect(refusal(() => checkPlatform(inv, platform({ root: '/var/www/outer/x', web: '@solo' }), HUB)).message).toContain('is inside the root of platform @outer');
    const apache = refusal(() => checkPlatform(inv, platform({ root: '/var/www/outer/x', web: '@web1a' }), HUB));
    expect(apache.message).toContain('is inside the root of platform @outer (/var/www/outer) on @web1');
    // Apart on disjoint machines: the same tree on another server is another disk.
    checkPlatform(inv, platform({ root: '/srv/platforms/outer', web: '@web2' }), HUB);
  });

  it("refuses the hub's home as a root or a source, also above or inside it; platforms/ inside it is allowed", () => {
    const hub = { home: '/var/aegir' };
    const onHub = (change: Partial<Record<keyof Platform, unknown>>) => platform({ web: '@localhost', ...change });
    expect(refusal(() => checkPlatform(inv, onHub({ source: '/var/aegir' }), hub)).message).toContain("source: \"/var/aegir\" is not a source: it is the hub's home /var/aegir (AEGIR_HOME)");
    expect(refusal(() => checkPlatform(inv, onHub({ source: '/var/aegir/backups' }), hub)).message).toContain("is inside the hub's home /var/aegir");
    expect(refusal(() => checkPlatform(inv, onHub({ root: '/var/www/hub', source: '/var/www' }), { home: '/var/www/hub/.aegir' })).message).toContain('root: "/var/www/hub" is not a platform root: it contains the hub\'s home');
    checkPlatform(inv, onHub({ root: '/var/aegir/platforms/p', source: '/var/aegir/platforms/p' }), hub);
  });

  it('leaves a stored root alone when only the lock changes', () => {
    const legacy = { ...outer, alias: '@legacy', root: '/opt/legacy root' };
    const stored: Inventory = { ...inv, platforms: [...inv.platforms, legacy] };
    checkPlatform(stored, { ...legacy, locked: true }, HUB);
    expect(refusal(() => checkPlatform(stored, { ...legacy, root: '/opt/other root' }, HUB)).message).toContain('contains " "');
  });
});
