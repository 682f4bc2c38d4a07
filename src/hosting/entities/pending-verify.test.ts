import { describe, expect, it } from 'vitest';
import { parseCluster } from '../../model/index.js';
import { sampleInventory } from '../../../test/support/samples/sample-inventory.js';
import { pendingNote, pendingVerifies, verifyCommands } from './pending-verify.js';

describe('what an add or set leaves to verify', () => {
  const installed = sampleInventory({ status: 'enabled' });
  const fresh = sampleInventory({ status: 'new' });

  it('a site: itself once installed; nothing before (its install applies everything)', () => {
    const site = installed.sites[0]?.alias ?? '';
    expect(pendingVerifies(installed, 'site', site)).toEqual([{ target: site }]);
    expect(pendingVerifies(fresh, 'site', site)).toEqual([]);
    expect(pendingNote('site', [], site)).toBe(`recorded; it is applied when the site is installed ('aegir install ${site}')`);
  });

  it('a platform: with its sites when it has installed ones', () => {
    expect(pendingVerifies(installed, 'platform', '@app')).toEqual([{ target: '@app', sites: true }]);
    expect(pendingVerifies(fresh, 'platform', '@app')).toEqual([{ target: '@app' }]);
  });

  it('a server: itself; an http change also reaches the platforms it serves, through its clusters too', () => {
    const web = installed.servers.find((s) => s.services.http.impl !== 'null')?.alias ?? '';
    expect(pendingVerifies(installed, 'server', web, ['sshPort'])).toEqual([{ target: web }]);
    expect(pendingVerifies(installed, 'server', web, ['http.port'])).toEqual([{ target: web }, { target: '@app', sites: true }]);
    const steps = pendingVerifies(installed, 'server', web, ['http']);
    expect(verifyCommands(steps)).toBe(`aegir verify ${web} && aegir verify @app --sites`);
    expect(pendingNote('server', steps, web)).toBe(`recorded, not applied yet: run 'aegir verify ${web} && aegir verify @app --sites' (or pass --verify)`);
  });

  it('a cluster: its members and the platforms on it', () => {
    const cluster = installed.clusters[0] ?? parseCluster({ alias: '@web', servers: ['@web1'] });
    const steps = pendingVerifies(installed, 'cluster', cluster.alias);
    expect(steps).toEqual([...cluster.servers.map((target) => ({ target })), { target: '@app', sites: true }]);
  });
});
