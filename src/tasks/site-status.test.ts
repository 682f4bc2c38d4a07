import { describe, expect, it } from 'vitest';
import type { WriteFileAction } from '../plan/index.js';
import { sampleFacts, sampleInventory } from '../../test/support/samples/sample-inventory.js';
import { planDisableSite, planEnableSite } from './site-status.js';

const TARGET = '@www.example.com';

describe('disable and enable @site', () => {
  const inventory = sampleInventory({ status: 'enabled' });
  const facts = sampleFacts(inventory);

  it('disable writes the disabled page on every web head, each tested before its reload', () => {
    const plan = planDisableSite({ inventory, target: TARGET, facts });
    expect(plan.title).toBe('disable @www.example.com');
    expect(plan.actions.map((a) => a.id.replace(/:generation:aegir-[0-9a-f]{24}$/, ':generation:*'))).toEqual(['@web1', '@web2'].flatMap((head) => [
      `http:${head}:write:vhost:www.example.com`, `http:${head}:generation:*`, `http:${head}:config-test`, `http:${head}:reload`,
      `http:${head}:live`, `http:${head}:check:www.example.com`,
    ]));
    // Each head must then answer with the disabled page.
    expect(plan.actions.find((a) => a.id === 'http:@web1:check:www.example.com')).toMatchObject({ expect: { kind: 'site', statuses: [503], text: 'This site is disabled.' } });
    const vhost = plan.actions[0] as WriteFileAction;
    expect(vhost.content).toContain('return 503');
    expect(vhost.content).toContain('server_name www.example.com example.com;');
  });

  it('enable writes the serving vhost back', () => {
    const plan = planEnableSite({ inventory: sampleInventory({ status: 'disabled' }), target: TARGET, facts });
    const vhost = plan.actions[0] as WriteFileAction;
    expect(vhost.content).not.toContain('return 503');
    expect(vhost.content).toContain('root "/var/www/app";');
  });

  it('refuses sites that were never installed', () => {
    expect(() => planDisableSite({ inventory: sampleInventory({ status: 'failed' }), target: TARGET, facts })).toThrow(/not installed/);
  });
});
