import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_INVENTORY, parseCluster, parsePlatform, parseServer, type Inventory, type Server } from '../model/index.js';
import type { Plan, SqlAction } from '../plan/index.js';
import { parsePlan, renderPlanJson } from '../plan/index.js';
import { planVerifyServer } from './verify-server.js';

const NONCE = 'abc123';
/** The id part of a path with a space: a digest. */
const SPACED = `~${createHash('sha256').update('/var/www/with space').digest('hex').slice(0, 16)}`;

function server(alias: string, http: string, db: string, files = 'rsync'): Server {
  const dbSettings = db === 'null' ? {} : { user: 'admin', password: 'admin-secret-password-0123' };
  return parseServer({ alias, host: '10.0.0.5', services: { http: { impl: http }, db: { impl: db, settings: dbSettings }, files: { impl: files } } });
}

function inventory(servers: Server[]): Inventory {
  return {
    ...EMPTY_INVENTORY,
    servers,
    clusters: [parseCluster({ alias: '@farm', servers: ['@a', '@b'] })],
    platforms: [
      parsePlatform({ alias: '@p1', root: '/srv/platforms/p1', app: 'php', web: '@a', source: '/hub/p1' }),
      parsePlatform({ alias: '@p2', root: '/srv/platforms/p2', app: 'php', web: '@farm', source: '/hub/p2' }),
      parsePlatform({ alias: '@p3', root: '/var/www/with space/p3', app: 'php', web: '@farm', source: '/hub/p3' }),
      parsePlatform({ alias: '@p4', root: '/opt/elsewhere/p4', app: 'php', web: '@other', source: '/hub/p4' }),
      parsePlatform({ alias: '@p5', root: '/opt/in-place/p5', app: 'php', web: '@farm' }),
    ],
  };
}

const plan = (servers: Server[], target: string): Plan => planVerifyServer({ inventory: inventory(servers), target, facts: { nonce: NONCE } });
/** Each action as `kind id <- [after]`, the generation token (a digest of the change) shown as `*`. */
const summary = (p: Plan): string[] => p.actions.map((a) => `${a.kind} ${a.id} <- [${a.after.join(', ')}]`.replace(/aegir-[0-9a-f]{24}/g, '*'));

describe('planVerifyServer', () => {
  it('nginx + mysql on files.rsync: platform parent dirs, server web config, test database', () => {
    const p = plan([server('@a', 'nginx', 'mysql'), server('@b', 'nginx', 'null'), server('@other', 'nginx', 'null')], '@a');
    expect(p.title).toBe('verify @a');
    expect(summary(p)).toEqual([
      'ensureDir files:@a:dir:/srv/platforms <- []',
      `ensureDir files:@a:dir:${SPACED} <- []`,
      'configTest http:@a:web-group <- []',
      'ensureDir http:@a:dir:aegir <- [http:@a:web-group]',
      'ensureDir http:@a:dir:vhost.d <- [http:@a:dir:aegir]',
      'writeFile http:@a:write:server-config <- [http:@a:dir:vhost.d]',
      'writeFile http:@a:write:fastcgi <- [http:@a:dir:vhost.d]',
      'removePath http:@a:remove:distribution-default-site <- [http:@a:dir:vhost.d]',
      'writeFile http:@a:generation:* <- [http:@a:write:server-config, http:@a:write:fastcgi, http:@a:remove:distribution-default-site]',
      'configTest http:@a:config-test <- [http:@a:write:server-config, http:@a:write:fastcgi, http:@a:remove:distribution-default-site, http:@a:generation:*]',
      'reload http:@a:reload <- [http:@a:config-test, http:@a:web-group]',
      'httpCheck http:@a:live <- [http:@a:reload]',
      'sql db:@a:verify:create-db <- []',
      'sql db:@a:verify:grant-revoke <- [db:@a:verify:create-db]',
      'sql db:@a:verify:drop-db <- [db:@a:verify:grant-revoke]',
    ]);
    expect(p.actions[1]).toMatchObject({ path: '/var/www/with space', mode: 0o755 });
    expect(p.actions.find((a) => a.id === 'http:@a:live')).toMatchObject({ address: '10.0.0.5', port: 80, expect: { kind: 'generation', file: '/etc/nginx/aegir/generation.conf' } });
    expect((p.actions.find((a) => a.id.endsWith(':verify:create-db')) as SqlAction).statements[0]?.sql).toBe(`CREATE DATABASE \`aegir_verify_${NONCE}\``);
    expect(parsePlan(JSON.parse(renderPlanJson(p)))).toEqual(p);
  });

  it("apache + postgres: the cluster member gets only its cluster platforms; the test database is postgres; PUBLIC goes from postgres and template1", () => {
    const p = plan([server('@a', 'nginx', 'null'), server('@b', 'apache', 'postgres')], '@b');
    expect(summary(p)).toEqual([
      'ensureDir files:@b:dir:/srv/platforms <- []',
      `ensureDir files:@b:dir:${SPACED} <- []`,
      'configTest http:@b:web-group <- []',
      'ensureDir http:@b:dir:aegir <- [http:@b:web-group]',
      'ensureDir http:@b:dir:vhost.d <- [http:@b:dir:aegir]',
      'writeFile http:@b:write:server-config <- [http:@b:dir:vhost.d]',
      'writeFile http:@b:generation:* <- [http:@b:write:server-config]',
      'configTest http:@b:config-test <- [http:@b:write:server-config, http:@b:generation:*]',
      'reload http:@b:reload <- [http:@b:config-test, http:@b:web-group]',
      'httpCheck http:@b:live <- [http:@b:reload]',
      'sql db:@b:verify:create-db <- []',
      'sql db:@b:verify:grant-revoke <- [db:@b:verify:create-db]',
      'sql db:@b:verify:drop-db <- [db:@b:verify:grant-revoke]',
      'sql db:@b:verify:revoke-public <- [db:@b:verify:drop-db]',
    ]);
    expect((p.actions.find((a) => a.id.endsWith(':verify:create-db')) as SqlAction).statements[0]?.sql).toBe(`CREATE DATABASE "aegir_verify_${NONCE}"`);
    expect((p.actions.find((a) => a.id.endsWith(':verify:revoke-public')) as SqlAction).statements[0]?.sql).toContain("EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d.datname)");
  });

  it('checks that the web group exists before writing anything, with the group as an argument of a constant script', () => {
    const grouped = server('@a', 'nginx', 'null');
    const custom = { ...grouped, services: { ...grouped.services, http: { ...grouped.services.http, settings: { ...grouped.services.http.settings, webGroup: 'web-php' } } } } as Server;
    const check = plan([custom], '@a').actions.find((a) => a.id === 'http:@a:web-group');
    expect(check).toMatchObject({ kind: 'configTest', description: 'check that the web group web-php exists on @a' });
    const argv = check?.kind === 'configTest' ? check.argv : [];
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv.slice(3)).toEqual(['sh', 'web-php']);
    expect(argv[2]).not.toContain('web-php');
  });

  it('null + null, and files.local: nothing to do', () => {
    expect(plan([server('@a', 'null', 'null', 'local')], '@a').actions).toEqual([]);
    expect(summary(plan([server('@a', 'null', 'null')], '@a'))).toEqual([
      'ensureDir files:@a:dir:/srv/platforms <- []',
      `ensureDir files:@a:dir:${SPACED} <- []`,
    ]);
  });

  it('the nonce names the test database and is checked', () => {
    const servers = [server('@a', 'null', 'mysql', 'local')];
    const other = planVerifyServer({ inventory: inventory(servers), target: '@a', facts: { nonce: 'ffff0000' } });
    expect(JSON.stringify(other)).toContain('aegir_verify_ffff0000');
    expect(() => planVerifyServer({ inventory: inventory(servers), target: '@a', facts: { nonce: 'Bad nonce' } })).toThrow(/nonce/);
    expect(() => plan(servers, '@missing')).toThrow(/@missing/);
  });
});
