import { describe, expect, it } from 'vitest';
import { TASK_VERBS } from '../../tasks/types.js';
import { sampleInventory } from '../../../test/support/samples/sample-inventory.js';
import { taskFor } from './registry.js';

describe('the task registry', () => {
  const inventory = sampleInventory({ status: 'enabled' });

  it('has every site verb for sites, and verify for servers, platforms and sites', () => {
    for (const verb of TASK_VERBS.filter((v) => v !== 'verify-fleet')) {
      expect(taskFor(inventory, verb, '@www.example.com')).toMatchObject({ verb, targetKind: 'site' });
    }
    expect(taskFor(inventory, 'verify', '@app')).toMatchObject({ targetKind: 'platform' });
    expect(taskFor(inventory, 'verify-fleet', '@app')).toMatchObject({ verb: 'verify-fleet', targetKind: 'platform' });
    expect(() => taskFor(inventory, 'verify-fleet', '@www.example.com')).toThrow(/cannot be run on site/);
    expect(taskFor(inventory, 'verify', '@web1')).toMatchObject({ targetKind: 'server' });
  });

  it('refuses a site verb on a server or platform, and names what a site task touches', () => {
    expect(() => taskFor(inventory, 'install', '@web1')).toThrow(/'install' cannot be run on server @web1/);
    expect(() => taskFor(inventory, 'disable', '@app')).toThrow(/cannot be run on platform/);
    expect(taskFor(inventory, 'install', '@www.example.com').bind(inventory, '@www.example.com', {}).servers()).toEqual(['@web1', '@web2', '@db1']);
    expect(taskFor(inventory, 'verify', '@app').bind(inventory, '@app', {}).servers()).toEqual(['@web1', '@web2']);
  });
});
