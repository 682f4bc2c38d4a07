import { describe, expect, it } from 'vitest';
import { parseClient } from './client.js';
import { parseCluster } from './cluster.js';
import { ValidationError } from './errors.js';
import { parsePlatform } from './platform.js';
import { parseSite } from './site.js';

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('expected a ValidationError');
}

describe('clusters', () => {
  it('accepts an array or a comma-separated list', () => {
    expect(parseCluster({ alias: '@Web', servers: '@web1, @WEB2' })).toEqual({ alias: '@web', servers: ['@web1', '@web2'] });
    expect(parseCluster({ alias: '@web', servers: ['@web1'] }).servers).toEqual(['@web1']);
  });

  it.each([
    [{ alias: '@web', servers: [] }, 'servers: [] must list at least one server'],
    [{ alias: '@web', servers: '' }, 'servers: "" must list at least one server'],
    [{ alias: '@web', servers: '@web1,@web1' }, 'servers: "@web1,@web1" lists @web1 twice (each server once)'],
    [{ alias: '@web', servers: ['web 1'] }, 'servers.0: "web 1" is not an alias'],
    [{ alias: '-web', servers: ['@web1'] }, 'alias: "-web" is not an alias'],
    [{ alias: '@web', servers: ['@web1'], http: 'nginx' }, 'http: "nginx" is not a field of a cluster'],
  ])('refuses %j', (raw, expected) => {
    expect(message(() => parseCluster(raw))).toContain(expected);
  });
});

describe('platforms', () => {
  const good = { alias: '@mw139', root: '/var/aegir/platforms/mw139/', app: 'mediawiki', web: '@web' };

  it('normalises the root and defaults locked to false', () => {
    expect(parsePlatform(good)).toEqual({ ...good, root: '/var/aegir/platforms/mw139', locked: false });
    expect(parsePlatform({ ...good, locked: 'true', source: '/srv/src/mw' })).toEqual(expect.objectContaining({ locked: true, source: '/srv/src/mw' }));
  });

  it.each([
    [{ root: '/var/aegir/../etc' }, "root: \"/var/aegir/../etc\" is not an absolute path: it contains a '..' segment"],
    [{ root: 'platforms/mw139' }, 'root: "platforms/mw139" is not an absolute path: it is relative'],
    [{ root: '/var/aegir\u0000' }, 'it contains NUL'],
    [{ app: 'joomla' }, 'app: "joomla" is not one of: drupal, wordpress, mediawiki, php'],
    [{ web: undefined }, 'web: (missing) is required'],
    [{ source: 'src' }, 'source: "src" is not an absolute path'],
    [{ locked: 'maybe' }, 'locked: "maybe" is not a boolean'],
  ])('refuses %j', (change, expected) => {
    expect(message(() => parsePlatform({ ...good, ...change }))).toContain(expected);
  });
});

describe('sites', () => {
  const good = { uri: 'Wiki.Example.com', platform: '@mw139', db: '@db1' };

  it('derives the alias from the normalised uri and fills defaults', () => {
    expect(parseSite(good)).toEqual({
      alias: '@wiki.example.com',
      uri: 'wiki.example.com',
      platform: '@mw139',
      db: '@db1',
      aliases: [],
      redirect: false,
      status: 'new',
    });
  });

  it('normalises aliases (IDN, case) from a list or a comma-separated string', () => {
    const site = parseSite({ ...good, aliases: 'WWW.wiki.example.com,bücher.example', redirect: 'true', client: 'acme' });
    expect(site).toEqual(expect.objectContaining({ aliases: ['www.wiki.example.com', 'xn--bcher-kva.example'], redirect: true, client: 'acme' }));
  });

  it('accepts a uri longer than 63 characters (its alias follows the uri rules)', () => {
    const uri = `${'a'.repeat(60)}.example.com`;
    expect(parseSite({ ...good, uri }).alias).toBe(`@${uri}`);
  });

  it.each([
    [{ uri: 'bad_uri.example' }, 'uri: "bad_uri.example" is not a DNS name: label "bad_uri" contains "_"'],
    [{ uri: `${'a'.repeat(64)}.example` }, 'is 64 characters long'],
    [{ aliases: ['ok.example', 'bad..example'] }, 'aliases.1: "bad..example" is not a DNS name: it has an empty label'],
    [{ aliases: ['wiki.example.com'] }, "lists the site's own uri wiki.example.com"],
    [{ aliases: ['a.example', 'A.example'] }, 'lists a.example twice'],
    [{ alias: '@other.example' }, 'alias: "@other.example" is not the alias of wiki.example.com'],
    [{ client: 'Acme' }, 'client: "Acme" is not a client name'],
    [{ status: 'running' }, 'status: "running" is not one of: new, enabled, disabled, deleted'],
    [{ db: 'db 1' }, 'db: "db 1" is not an alias'],
  ])('refuses %j', (change, expected) => {
    expect(message(() => parseSite({ ...good, ...change }))).toContain(expected);
  });
});

describe('clients', () => {
  it('accepts a unix-group-like name and refuses others', () => {
    expect(parseClient({ name: 'acme' })).toEqual({ name: 'acme' });
    expect(message(() => parseClient({ name: 'ACME' }))).toContain('name: "ACME" is not a client name');
  });
});
