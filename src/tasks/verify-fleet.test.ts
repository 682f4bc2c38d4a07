import { describe, expect, it } from 'vitest';
import type { Inventory } from '../model/index.js';
import { NO_SITE_DB_FACTS, type SiteDbFacts } from '../services/db/index.js';
import { convergedDb, sampleCode, sampleInventory } from '../../test/support/samples/sample-inventory.js';
import { fleetActions, fleetPlanOf, planVerifyFleet, type VerifyFleetFacts } from './verify-fleet.js';

const HOSTS = ['10.0.0.11', '10.0.0.12'];

function fleet(count: number): Inventory {
  const sites = Array.from({ length: count }, (_, i) => ({ uri: `s${i}.example.com`, status: i === 1 ? 'disabled' as const : 'enabled' as const }));
  return sampleInventory({ sites: [...sites, { uri: 'new.example.com', status: 'new' }] });
}

function factsOf(inventory: Inventory, db: (uri: string) => SiteDbFacts): VerifyFleetFacts {
  const sites: Record<string, VerifyFleetFacts['sites'][string]> = {};
  for (const site of inventory.sites) {
    if (site.status !== 'enabled' && site.status !== 'disabled') continue;
    if (site.dbName === undefined || site.dbUser === undefined || site.dbPassword === undefined || site.hashSalt === undefined) continue;
    sites[site.alias] = { credentials: { dbName: site.dbName, dbUser: site.dbUser, dbPassword: site.dbPassword, hashSalt: site.hashSalt }, db: db(site.uri) };
  }
  return {
    platform: { heads: { '@web1': sampleCode(), '@web2': sampleCode() } },
    addresses: Object.fromEntries(inventory.servers.map((s) => [s.alias, [s.host]])),
    sites,
  };
}

describe('verify @platform --sites', () => {
  it('grows linearly: no action waits on a list of every site but the one generation, config test and reload per head', () => {
    const sizes = [100, 400].map((count) => {
      const inventory = fleet(count);
      const plan = planVerifyFleet({ inventory, target: '@app', facts: factsOf(inventory, () => NO_SITE_DB_FACTS) });
      const long = plan.actions.filter((a) => a.after.length > 10);
      expect(long.every((a) => a.kind === 'configTest' || a.kind === 'reload' || a.id.includes('login-from') || a.id.includes(':generation:'))).toBe(true);
      return plan.actions.reduce((sum, a) => sum + a.after.length, 0);
    });
    expect((sizes[1] ?? 0) / (sizes[0] ?? 1)).toBeLessThan(4.5);
  });

  it('keeps a vhost from going live before its settings: the reload waits for every settings file of its head', () => {
    const inventory = fleet(3);
    const plan = planVerifyFleet({ inventory, target: '@app', facts: factsOf(inventory, () => NO_SITE_DB_FACTS) });
    for (const head of ['@web1', '@web2']) {
      const settings = plan.actions.filter((a) => a.server === head && a.kind === 'writeFile' && a.path.endsWith('/settings.php')).map((a) => a.id);
      expect(settings.length).toBe(3);
      expect(plan.actions.find((a) => a.kind === 'reload' && a.server === head)?.after).toEqual(expect.arrayContaining(settings));
    }
  });

  it('plans every installed site in one plan: SQL in a few batches of whole sites, one config test and reload per web head', () => {
    const inventory = fleet(3);
    const plan = planVerifyFleet({ inventory, target: '@app', facts: factsOf(inventory, () => NO_SITE_DB_FACTS) });
    const sql = plan.actions.filter((a) => a.kind === 'sql');
    expect(sql).toHaveLength(3);
    // Per site: create the database, and a user and a grant per web head.
    for (const batch of sql) expect(batch.kind === 'sql' ? batch.statements.length : 0).toBe(1 + 2 * 2);
    for (const batch of sql) expect(batch.undo.kind).toBe('sql');
    const big = fleet(40);
    const batches = planVerifyFleet({ inventory: big, target: '@app', facts: factsOf(big, () => NO_SITE_DB_FACTS) }).actions.filter((a) => a.kind === 'sql');
    expect(batches).toHaveLength(4);
    expect(batches.reduce((n, a) => n + (a.kind === 'sql' ? a.statements.length : 0), 0)).toBe(40 * 5);
    for (const kind of ['configTest', 'reload'] as const) {
      expect(plan.actions.filter((a) => a.kind === kind).map((a) => a.server).sort()).toEqual(['@web1', '@web2']);
    }
    const settings = plan.actions.filter((a) => a.kind === 'writeFile' && a.path.endsWith('/settings.php'));
    expect(settings).toHaveLength(3 * 2);
    expect(plan.actions.some((a) => a.id.includes('new.example.com'))).toBe(false);
    const disabled = plan.actions.find((a) => a.id === 'http:@web1:write:vhost:s1.example.com');
    expect(disabled?.kind === 'writeFile' ? disabled.content : '').toContain('return 503');
    const logins = plan.actions.filter((a) => a.kind === 'exec');
    expect(logins.map((a) => a.server).sort()).toEqual(['@web1', '@web2']);
    expect(logins.every((a) => a.onlyIfChanged === true && a.after.includes(sql[0]?.id ?? ''))).toBe(true);
    expect(logins[0]?.kind === 'exec' ? JSON.parse(logins[0].stdin ?? '[]') : []).toHaveLength(3);
  });

  it('after each head\'s reload waits once for its new config, then checks each site side by side, each only when its own vhost changed', () => {
    const inventory = fleet(5);
    const plan = planVerifyFleet({ inventory, target: '@app', facts: factsOf(inventory, () => NO_SITE_DB_FACTS) });
    for (const head of ['@web1', '@web2']) {
      const checks = plan.actions.filter((a) => a.kind === 'httpCheck' && a.server === head);
      expect(checks.map((a) => a.id)).toEqual([`http:${head}:live`, ...Array.from({ length: 5 }, (_, i) => `http:${head}:check:s${i}.example.com`)]);
      for (const [i, check] of checks.slice(1).entries()) {
        const vhost = `http:${head}:write:vhost:s${i}.example.com`;
        // No check waits for another: the executor runs them side by side within its per-server limit.
        expect(check).toMatchObject({ after: [`http:${head}:live`, vhost], changedBy: [vhost], onlyIfChanged: true });
        expect(check.kind === 'httpCheck' ? check.expect : undefined).toEqual(i === 1
          ? { kind: 'site', statuses: [503], text: 'This site is disabled.' }
          : { kind: 'site', statuses: [200, 301, 302, 303, 307, 308, 401] });
      }
    }
  });

  it('plans no SQL and no login check when the db facts say every site is converged', () => {
    const inventory = fleet(3);
    const plan = planVerifyFleet({ inventory, target: '@app', facts: factsOf(inventory, () => convergedDb(HOSTS)) });
    expect(plan.actions.filter((a) => a.kind === 'sql' || a.kind === 'exec')).toEqual([]);
    expect(plan.actions.filter((a) => a.kind === 'reload').every((a) => a.onlyIfChanged === true)).toBe(true);
  });

  it('checks the logins of the changed sites only', () => {
    const inventory = fleet(3);
    const plan = planVerifyFleet({
      inventory, target: '@app',
      facts: factsOf(inventory, (uri) => (uri === 's2.example.com' ? NO_SITE_DB_FACTS : convergedDb(HOSTS))),
    });
    const login = plan.actions.find((a) => a.kind === 'exec');
    const checked = login?.kind === 'exec' ? (JSON.parse(login.stdin ?? '[]') as { dbname: string }[]).map((c) => c.dbname) : [];
    expect(checked).toEqual(['s2_example_com']);
  });

  it('plans 1,000 sites as one plan with one reload per web head (its speed is measured in bench/)', () => {
    const inventory = fleet(1000);
    const facts = factsOf(inventory, () => NO_SITE_DB_FACTS);
    const plan = planVerifyFleet({ inventory, target: '@app', facts });
    expect(plan.actions.filter((a) => a.kind === 'reload')).toHaveLength(2);
    expect(plan.actions.filter((a) => a.kind === 'configTest')).toHaveLength(2);
    expect(plan.actions.length).toBeGreaterThan(10_000);
  });
});

describe('verify @platform --sites with the directories already in place', () => {
  it('plans no ensureDir for a directory as wanted, and the settings wait for what the dropped one waited for', () => {
    const inventory = fleet(2);
    const base = factsOf(inventory, () => convergedDb(HOSTS));
    const draft = planVerifyFleet({ inventory, target: '@app', facts: base });
    const dirs: Record<string, Record<string, { mode: number; owner: string; group: string }>> = {};
    for (const action of draft.actions) {
      if (action.kind !== 'ensureDir') continue;
      // Every directory in place but one that has the wrong mode.
      const wrong = action.path.endsWith('s0.example.com/files') && action.server === '@web1';
      (dirs[action.server] ??= {})[action.path] = { mode: wrong ? 0o755 : action.mode, owner: 'root', group: action.group ?? 'root' };
    }
    const plan = planVerifyFleet({ inventory, target: '@app', facts: { ...base, dirs } });
    const ensured = plan.actions.filter((a) => a.kind === 'ensureDir');
    expect(ensured.map((a) => `${a.server} ${a.kind === 'ensureDir' ? a.path : ''}`)).toEqual(['@web1 /var/www/app/sites/s0.example.com/files']);
    const ids = new Set(plan.actions.map((a) => a.id));
    expect(plan.actions.every((a) => a.after.every((id) => ids.has(id)))).toBe(true);
    expect(draft.actions.filter((a) => a.kind === 'ensureDir').length).toBeGreaterThan(10);
    // The actions built once for the draft give the same plan as planning again.
    const reused = fleetPlanOf({ inventory, target: '@app', facts: { ...base, dirs } }, fleetActions({ inventory, target: '@app', facts: base }));
    expect(reused).toEqual(plan);
  });
});
