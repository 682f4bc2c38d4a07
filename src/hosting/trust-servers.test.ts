import { describe, expect, it } from 'vitest';
import { parsePlatform } from '../model/index.js';
import { sampleDbServer, sampleInventory, sampleWebServer } from '../tasks/sample-inventory.js';
import { platformServers, siteServers } from './trust-servers.js';

describe('the servers a lifecycle request reaches (trusted first with --accept-host-key)', () => {
  const base = sampleInventory({ status: 'enabled' });
  const other = sampleWebServer('@web3', '10.0.0.13');
  const db2 = { ...sampleDbServer(), alias: '@db2' };
  const inventory = {
    ...base,
    servers: [...base.servers, other, db2],
    platforms: [...base.platforms, parsePlatform({ alias: '@app2', root: '/var/www/app2', app: 'php', web: '@web3' })],
  };
  const site = base.sites[0]?.alias ?? '';

  it('a site: its web heads and its db server; a move adds where it goes, each server once', () => {
    expect(siteServers(inventory, site).map((s) => s.alias)).toEqual(['@web1', '@web2', base.sites[0]?.db]);
    expect(siteServers(inventory, site, { platform: '@app2', db: '@db2' }).map((s) => s.alias)).toEqual(['@web1', '@web2', '@web3', base.sites[0]?.db, '@db2']);
    expect(siteServers(inventory, site, { platform: '@app' }).map((s) => s.alias)).toEqual(['@web1', '@web2', base.sites[0]?.db]);
    expect(siteServers(inventory, '@nope.example.com')).toEqual([]);
  });

  it('a platform: its web heads (a cluster: every member)', () => {
    expect(platformServers(inventory, '@app').map((s) => s.alias)).toEqual(['@web1', '@web2']);
    expect(platformServers(inventory, '@app2').map((s) => s.alias)).toEqual(['@web3']);
    expect(platformServers(inventory, '@nope')).toEqual([]);
  });
});
