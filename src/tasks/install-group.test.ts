import { describe, expect, it } from 'vitest';
import { mergePlans, type Action } from '../plan/index.js';
import { planInstallSite } from './install-site.js';
import { sampleFacts, sampleInventory } from './sample-inventory.js';

const URIS = ['a.example.com', 'b.example.com', 'c.example.com'];

describe('install plans of one platform merged into one group plan', () => {
  const inventory = sampleInventory({ sites: URIS.map((uri) => ({ uri, status: 'queued' })) });
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
      // Tested once every site's vhost on the head is written.
      expect([...(test?.after ?? [])].sort()).toEqual(URIS.map((uri) => `http:${head}:write:vhost:${uri}`).sort());
    }
  });

  it('still reloads no head before every head passed its config test', () => {
    for (const head of ['@web1', '@web2']) {
      expect(actions.find((a) => a.id === `http:${head}:reload`)?.after).toEqual(expect.arrayContaining(['http:@web1:config-test', 'http:@web2:config-test']));
    }
  });
});
