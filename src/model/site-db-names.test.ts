import { describe, expect, it } from 'vitest';
import { reservedDbName } from './db-names.js';
import { ConflictError, ValidationError } from './errors.js';
import type { Inventory } from './inventory.js';
import { parsePlatform } from './platform.js';
import { checkServer, checkSite } from './rules.js';
import { Secret } from './secrets.js';
import { applySettings, parseServerInput } from './server-input.js';
import { parseSite, type Site } from './site.js';

const web1 = parseServerInput({ alias: '@web1', host: '10.0.0.11', http: 'nginx' });
const db1 = parseServerInput({ alias: '@db1', host: '10.0.0.21', db: 'mysql', set: ['db.user=aegir_admin', 'db.password=pw'] });
const db2 = parseServerInput({ alias: '@db2', host: '10.0.0.22', db: 'mysql', set: ['db.password=pw'] });
const pg1 = parseServerInput({ alias: '@pg1', host: '10.0.0.23', db: 'postgres', set: ['db.password=pw'] });
const pa = parsePlatform({ alias: '@pa', root: '/var/aegir/platforms/pa', app: 'php', web: '@web1' });

const credentials = (dbName: string, dbUser = dbName) => ({ dbName, dbUser, dbPassword: new Secret('site-password-0123456789'), hashSalt: new Secret('salt') });
const site = (uri: string, db: string, dbName?: string, dbUser?: string): Site =>
  parseSite({ uri, platform: '@pa', db, status: 'enabled', ...(dbName === undefined ? {} : credentials(dbName, dbUser)) });

const victim = site('victim.example.com', '@db1', 'victim_db', 'victim_user');
const inv: Inventory = Object.freeze({ servers: [web1, db1, db2, pg1], clusters: [], platforms: [pa], sites: [victim], clients: [] });

const refusal = (candidate: Site): Error => {
  try {
    checkSite(inv, candidate);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`checkSite accepted ${candidate.dbName ?? ''}/${candidate.dbUser ?? ''}`);
};

describe("a site's database and account names", () => {
  it.each([
    ['another site\'s database', 'victim_db', 'attacker', /dbName: "victim_db" is already the database of site victim\.example\.com on @db1/],
    ['another site\'s account', 'attacker', 'victim_user', /dbUser: "victim_user" is already the account of site victim\.example\.com/],
    ['another site\'s account as its database', 'victim_user', 'attacker', /dbName: "victim_user" is already the account of site victim\.example\.com/],
  ])('are refused when they name %s on the same db server (a conflict, exit 2)', (_what, dbName, dbUser, message) => {
    const error = refusal(site('attacker.example.com', '@db1', dbName, dbUser));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(message);
    expect((error as ConflictError).exitCode).toBe(2);
  });

  it('say so when the name is both the database and the account of the other site', () => {
    const both: Inventory = { ...inv, sites: [site('same.example.com', '@db1', 'same_name')] };
    expect(() => checkSite(both, site('attacker.example.com', '@db1', 'attacker', 'same_name'))).toThrow(
      'dbUser: "same_name" is already the database and account of site same.example.com on @db1; a site\'s database and account belong to it alone',
    );
  });

  it('may repeat a name of a site on another db server, and a site keeps its own names when it changes', () => {
    expect(() => checkSite(inv, site('other.example.com', '@db2', 'victim_db', 'victim_user'))).not.toThrow();
    expect(() => checkSite(inv, { ...victim, aliases: ['www.victim.example.com'] })).not.toThrow();
    expect(() => checkSite(inv, site('new.example.com', '@db1'))).not.toThrow();
  });

  it.each([
    'mysql', 'information_schema', 'performance_schema', 'sys', 'postgres', 'template0', 'template1', 'root', 'public',
    'pg_signal_backend', 'pg_anything', 'aegir_verify_abc123', 'current_user',
  ])('are never the reserved name %s, as database or as account', (name) => {
    for (const [dbName, dbUser, field] of [[name, 'attacker', 'dbName'], ['attacker', name, 'dbUser']] as const) {
      const error = refusal(site('attacker.example.com', '@pg1', dbName, dbUser));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain(`${field}: "${name}"`);
      expect(error.message).toMatch(/never a site's/);
    }
  });

  it("are never the db server's admin account", () => {
    const error = refusal(site('attacker.example.com', '@db1', 'attacker', 'aegir_admin'));
    expect(error.message).toBe(`dbUser: "aegir_admin" is the admin account of @db1: it is never a site's account`);
    expect(refusal(site('attacker.example.com', '@pg1', 'postgres', 'x')).message).toMatch(/dbName: "postgres"/);
  });

  it("keep the admin account of a db server from becoming a site's name", () => {
    const renamed = applySettings(db1, ['db.user=victim_user']);
    expect(() => checkServer(inv, renamed)).toThrow(/db.user: "victim_user" is the database or account of site victim\.example\.com on @db1/);
    expect(() => checkServer(inv, db1)).not.toThrow();
  });

  it('reserved names say why', () => {
    expect(reservedDbName('mysql')).toBe('is a system name of the db server');
    expect(reservedDbName('pg_monitor')).toMatch(/PostgreSQL keeps for its own roles/);
    expect(reservedDbName('aegir_verify_x')).toMatch(/Aegir keeps/);
    expect(reservedDbName('wiki_example')).toBeUndefined();
  });
});
