import { describe, expect, it } from 'vitest';
import { descendantsOf } from '../plan/index.js';
import { convergedDb, sampleFacts, sampleInventory } from '../../test/support/samples/sample-inventory.js';
import { planVerifySite } from './verify-site.js';

const TARGET = '@www.example.com';

describe('verify @site', () => {
  const inventory = sampleInventory({ status: 'enabled' });
  const converged = sampleFacts(inventory, convergedDb(['10.0.0.11', '10.0.0.12']));

  it('plans nothing that always changes when the facts say the site is converged', () => {
    const plan = planVerifySite({ inventory, target: TARGET, facts: converged });
    expect(plan.actions.filter((a) => a.kind === 'sql')).toEqual([]);
    const conditional = plan.actions.filter((a) => a.kind === 'exec' || a.kind === 'configTest' || a.kind === 'reload' || a.kind === 'httpCheck');
    expect(conditional.map((a) => a.id).sort()).toEqual([
      'db:@db1:www_example_com:login-from:@web1', 'db:@db1:www_example_com:login-from:@web2',
      'http:@web1:check:www.example.com', 'http:@web1:config-test', 'http:@web1:live', 'http:@web1:reload',
      'http:@web2:check:www.example.com', 'http:@web2:config-test', 'http:@web2:live', 'http:@web2:reload',
    ]);
    expect(conditional.every((a) => a.onlyIfChanged === true && a.after.length > 0)).toBe(true);
    expect(new Set(plan.actions.filter((a) => !conditional.some((c) => c.id === a.id)).map((a) => a.kind))).toEqual(new Set(['ensureDir', 'writeFile']));
  });

  it('converges files, settings and the vhost on every member; a changed file leads to that head\'s test and reload', () => {
    const plan = planVerifySite({ inventory, target: TARGET, facts: converged });
    for (const head of ['@web1', '@web2']) {
      const settings = `files:${head}:www.example.com:settings:settings.php`;
      expect(plan.actions.map((a) => a.id)).toContain(settings);
      const downstream = descendantsOf(plan, settings);
      expect(downstream).toEqual(expect.arrayContaining([`http:${head}:config-test`, `http:${head}:reload`, `db:@db1:www_example_com:login-from:${head}`]));
      // Only the other head's reload (and what follows it there) follows too: it waits for every head's config test.
      const other = head === '@web1' ? '@web2' : '@web1';
      expect(downstream.filter((id) => !id.includes(head))).toEqual([`http:${other}:reload`, `http:${other}:live`, `http:${other}:check:www.example.com`]);
    }
  });

  it('fixes what the db facts say is wrong: a missing grant, a password that no longer works', () => {
    const facts = sampleFacts(inventory, {
      databaseExists: true,
      accounts: [{ host: '10.0.0.11', passwordWorks: false, privileged: true }, { host: '10.0.0.12', passwordWorks: true, privileged: false }],
    });
    const plan = planVerifySite({ inventory, target: TARGET, facts });
    expect(plan.actions.filter((a) => a.kind === 'sql').map((a) => a.id)).toEqual([
      'db:@db1:www_example_com:password:10.0.0.11', 'db:@db1:www_example_com:grant:10.0.0.12',
    ]);
  });

  it('keeps a disabled site disabled', () => {
    const disabled = sampleInventory({ status: 'disabled' });
    const plan = planVerifySite({ inventory: disabled, target: TARGET, facts: sampleFacts(disabled, convergedDb(['10.0.0.11', '10.0.0.12'])) });
    const vhost = plan.actions.find((a) => a.id === 'http:@web1:write:vhost:www.example.com');
    expect(vhost?.kind === 'writeFile' ? vhost.content : '').toContain('return 503');
  });

  it('refuses a site that is not installed', () => {
    const queued = sampleInventory({ status: 'new' });
    expect(() => planVerifySite({ inventory: queued, target: TARGET, facts: sampleFacts(queued) })).toThrow(/not installed/);
  });
});
