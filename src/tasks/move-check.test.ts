import { describe, expect, it } from 'vitest';
import { checkMove } from './move-site.js';
import { sampleInventory } from '../../test/support/samples/sample-inventory.js';

describe('checkMove', () => {
  const inventory = sampleInventory({ status: 'enabled' });
  const site = inventory.sites[0];
  if (site === undefined) throw new Error('no site');

  it('refuses a clone onto the uri of the site itself (it would re-point the original to a new database)', () => {
    expect(() => checkMove(inventory, site, { uri: site.uri, platform: site.platform, db: site.db }, 'clone')).toThrow(
      expect.objectContaining({ code: 'clone_same_uri', exitCode: 2, message: expect.stringContaining('cannot clone @www.example.com onto itself: a clone needs a new uri') }),
    );
  });

  it('lets a clone go to a new uri', () => {
    expect(() => checkMove(inventory, site, { uri: 'copy.example.com', platform: site.platform, db: site.db }, 'clone')).not.toThrow();
  });
});
