import { describe, expect, it } from 'vitest';
import { configTest, createPlan, exec, reload, writeFile } from './index.js';
import { actionIdsOf, mergePlans } from './merge-plans.js';

const sitePlan = (site: string, shared = 'same') => createPlan(`install ${site}`, [
  writeFile({ id: 'platform:switch', server: '@web1', path: '/srv/app/switch.php', content: shared }),
  writeFile({ id: `vhost:${site}`, server: '@web1', path: `/etc/nginx/${site}.conf`, content: site }),
  configTest({ id: 'web1:test', server: '@web1', argv: ['nginx', '-t'], after: [`vhost:${site}`] }),
  reload({ id: 'web1:reload', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['web1:test'] }),
  exec({ id: `check:${site}`, server: '@web1', argv: ['true'], after: ['platform:switch'] }),
]);

describe('mergePlans', () => {
  it('keeps an action the plans share once, waiting for what any of them waited for', () => {
    const merged = mergePlans('group', [{ key: 1, plan: sitePlan('a') }, { key: 2, plan: sitePlan('b') }, { key: 3, plan: sitePlan('c') }]);
    expect(merged.joined).toEqual([1, 2, 3]);
    expect(merged.conflicts).toEqual([]);
    const actions = merged.plan?.actions ?? [];
    expect(actions.map((a) => a.id)).toEqual([
      'platform:switch', 'vhost:a', 'web1:test', 'web1:reload', 'check:a', 'vhost:b', 'check:b', 'vhost:c', 'check:c',
    ]);
    expect(actions.filter((a) => a.kind === 'configTest')).toHaveLength(1);
    expect(actions.filter((a) => a.kind === 'reload')).toHaveLength(1);
    expect(actions.find((a) => a.id === 'web1:test')?.after).toEqual(['vhost:a', 'vhost:b', 'vhost:c']);
    expect(merged.plan?.title).toBe('group');
  });

  it('leaves out a plan whose action takes an id of a different action, and keeps the ids of the rest', () => {
    const merged = mergePlans('group', [{ key: 'a', plan: sitePlan('a') }, { key: 'b', plan: sitePlan('b', 'other') }, { key: 'c', plan: sitePlan('c') }]);
    expect(merged.joined).toEqual(['a', 'c']);
    expect(merged.conflicts).toEqual(['b']);
    expect(merged.plan?.actions.some((a) => a.id === 'vhost:b')).toBe(false);
    expect(actionIdsOf(sitePlan('c')).size).toBe(5);
  });

  it('has no plan when no member joins', () => {
    expect(mergePlans('group', [])).toEqual({ plan: undefined, joined: [], conflicts: [] });
  });
});
