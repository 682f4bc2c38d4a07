import { describe, expect, it } from 'vitest';
import { mergePlans, type Action, type ExecAction, type SqlAction } from '../plan/index.js';
import { batchGroupPlan } from './group-batches.js';
import { planInstallSite } from './install-site.js';
import { sampleFacts, sampleInventory } from '../../test/support/samples/sample-inventory.js';

const URIS = ['a.example.com', 'b.example.com', 'c.example.com'];

describe('install plans of one platform merged into one group plan', () => {
  const inventory = sampleInventory({ sites: URIS.map((uri) => ({ uri, status: 'new' })) });
  const plans = URIS.map((uri, i) => {
    const site = inventory.sites[i];
    if (site === undefined) throw new Error(uri);
    const facts = sampleFacts({ ...inventory, sites: [site, ...inventory.sites.filter((s) => s !== site)] });
    return planInstallSite({ inventory, target: `@${uri}`, facts });
  });
  const merged = mergePlans('install 3 sites', plans.map((plan, key) => ({ key, plan })));
  const actions: readonly Action[] = merged.plan?.actions ?? [];

  it('keeps every site action and shares one config test and one reload per web head', () => {
    expect(merged.joined).toEqual([0, 1, 2]);
    const own = plans.flatMap((plan) => plan.actions.filter((a) => a.kind !== 'configTest' && a.kind !== 'reload').map((a) => a.id));
    expect(actions.filter((a) => a.kind !== 'configTest' && a.kind !== 'reload').map((a) => a.id).sort()).toEqual([...new Set(own)].sort());
    for (const head of ['@web1', '@web2']) {
      expect(actions.filter((a) => a.kind === 'configTest' && a.server === head).map((a) => a.id)).toEqual([`http:${head}:config-test`]);
      expect(actions.filter((a) => a.kind === 'reload' && a.server === head).map((a) => a.id)).toEqual([`http:${head}:reload`]);
      const test = actions.find((a) => a.id === `http:${head}:config-test`);
      // Tested once every site's vhost on the head, and each site's config generation, is written.
      const generations = actions.filter((a) => a.server === head && a.id.startsWith(`http:${head}:generation:`)).map((a) => a.id);
      expect(generations).toHaveLength(URIS.length);
      expect([...(test?.after ?? [])].sort()).toEqual([...URIS.map((uri) => `http:${head}:write:vhost:${uri}`), ...generations].sort());
      // One wait per head for all of them (it reads the generation written last); each site its own check.
      expect(actions.filter((a) => a.kind === 'httpCheck' && a.server === head).map((a) => a.id).sort())
        .toEqual([`http:${head}:live`, ...URIS.map((uri) => `http:${head}:check:${uri}`)].sort());
    }
  });

  it('still reloads no head before every head passed its config test', () => {
    for (const head of ['@web1', '@web2']) {
      expect(actions.find((a) => a.id === `http:${head}:reload`)?.after).toEqual(expect.arrayContaining(['http:@web1:config-test', 'http:@web2:config-test']));
    }
  });

  it('batches the login checks of all sites into one per web head, and leaves each site its own SQL', () => {
    if (merged.plan === undefined) throw new Error('no plan');
    const { plan, batches } = batchGroupPlan(merged.plan);
    const sqls = plan.actions.filter((a): a is SqlAction => a.kind === 'sql');
    expect(sqls.map((a) => a.id)).toEqual(merged.plan.actions.filter((a) => a.kind === 'sql').map((a) => a.id));
    expect([...batches.keys()].sort()).toEqual(['db:group:login-from:@web1', 'db:group:login-from:@web2']);
    for (const head of ['@web1', '@web2']) {
      const checks = plan.actions.filter((a): a is ExecAction => a.kind === 'exec' && a.id.includes('login-from'));
      const mine = checks.filter((a) => a.server === head);
      expect(mine.map((a) => a.id)).toEqual([`db:group:login-from:${head}`]);
      expect((JSON.parse(mine[0]?.stdin ?? '[]') as { dbname: string }[]).map((c) => c.dbname)).toEqual(['a_example_com', 'b_example_com', 'c_example_com']);
      expect(mine[0]?.sensitive).toBe(true);
    }
    // Whatever waited for a replaced action waits for its batch; no id is left dangling.
    const present = new Set(plan.actions.map((a) => a.id));
    for (const action of plan.actions) for (const id of action.after) expect(present.has(id), `${action.id} after ${id}`).toBe(true);
    expect(plan.actions.find((a) => a.id === 'app:@web1:a.example.com:install')?.after).toEqual(expect.arrayContaining(['db:group:login-from:@web1', 'db:group:login-from:@web2']));
  });
});
