import { describe, expect, it } from 'vitest';
import { parsePlatform } from '../model/index.js';
import { checkDeletable, planDeleteSite } from './delete-site.js';
import { sampleFacts, sampleInventory } from '../../test/support/samples/sample-inventory.js';

const TARGET = '@www.example.com';

describe('delete @site', () => {
  const inventory = sampleInventory({ status: 'disabled' });

  it('removes the vhost, then the site directory on every web head, and drops the database last', () => {
    const facts = sampleFacts(inventory, { databaseExists: true, accounts: [{ host: '10.0.0.11', passwordWorks: true, privileged: true }, { host: '10.9.9.9', passwordWorks: true, privileged: true }] });
    const plan = planDeleteSite({ inventory, target: TARGET, facts });
    const ids = plan.actions.map((a) => a.id);
    expect(ids.map((id) => id.replace(/:generation:aegir-[0-9a-f]{24}$/, ':generation:*'))).toEqual([
      ...['@web1', '@web2'].flatMap((head) => [
        `http:${head}:remove:vhost:www.example.com`, `http:${head}:generation:*`, `http:${head}:config-test`, `http:${head}:reload`,
        `http:${head}:live`, `http:${head}:check:www.example.com`,
        `files:${head}:www.example.com:remove-site-dir`,
      ]),
      'db:@db1:www_example_com:drop',
    ]);
    expect(plan.actions.find((a) => a.id === 'files:@web2:www.example.com:remove-site-dir'))
      .toMatchObject({ kind: 'removePath', path: '/var/www/app/sites/www.example.com', recursive: true, after: ['http:@web2:check:www.example.com'] });
    // Once the head's new config is live, the uri must get the default server there; then the directory goes.
    expect(plan.actions.find((a) => a.id === 'http:@web2:check:www.example.com')).toMatchObject({ kind: 'httpCheck', expect: { kind: 'defaultServer' } });
    const drop = plan.actions.at(-1);
    expect(drop?.after).toEqual(ids.slice(0, -1));
    const statements = drop?.kind === 'sql' ? drop.statements.map((s) => s.sql) : [];
    expect(statements).toEqual([
      'DROP DATABASE IF EXISTS `www_example_com`',
      "DROP USER IF EXISTS 'www_example_com'@'10.0.0.11'",
      "DROP USER IF EXISTS 'www_example_com'@'10.0.0.12'",
      "DROP USER IF EXISTS 'www_example_com'@'10.9.9.9'",
    ]);
  });

  it('rewrites Drupal\'s sites.php without the deleted site\'s aliases', () => {
    const drupal = sampleInventory({ app: 'drupal', sites: [
      { uri: 'www.example.com', aliases: ['example.com'], status: 'disabled' }, { uri: 'other.example.org', aliases: ['alt.example.org'] },
    ] });
    const plan = planDeleteSite({ inventory: drupal, target: TARGET, facts: sampleFacts(drupal) });
    const sitesPhp = plan.actions.find((a) => a.id === 'files:@web1:@app:platform:sites/sites.php');
    const content = sitesPhp?.kind === 'writeFile' ? sitesPhp.content : '';
    expect(content).toContain("$sites['alt.example.org'] = 'other.example.org';");
    expect(content).not.toContain('example.com');
  });

  it('is refused before anything runs when the site directory holds another platform (a nested layout stored without validation)', () => {
    const nested = { ...inventory, platforms: [...inventory.platforms, parsePlatform({ alias: '@nested', root: '/var/www/app/sites/www.example.com/code', app: 'php', web: '@web1' })] };
    expect(() => planDeleteSite({ inventory: nested, target: TARGET, facts: sampleFacts(nested) })).toThrow(
      expect.objectContaining({
        code: 'path_owned', exitCode: 2,
        message: expect.stringContaining('cannot remove /var/www/app/sites/www.example.com on @web1 for site @www.example.com: it contains the root of platform @nested'),
      }),
    );
  });

  it('is refused when the site lies inside another platform on the same web head', () => {
    const outer = { ...inventory, platforms: [...inventory.platforms, parsePlatform({ alias: '@outer', root: '/var/www', app: 'php', web: '@web2' })] };
    expect(() => planDeleteSite({ inventory: outer, target: TARGET, facts: sampleFacts(outer) })).toThrow(/on @web2 for site @www\.example\.com: it is inside the root of platform @outer \(\/var\/www\)/);
  });

  it('is refused for a serving site unless forced', () => {
    const enabled = sampleInventory({ status: 'enabled' }).sites[0];
    if (enabled === undefined) throw new Error('no site');
    expect(() => checkDeletable(enabled, false)).toThrow(/disable it first/);
    expect(() => checkDeletable(enabled, true)).not.toThrow();
    expect(() => checkDeletable({ ...enabled, status: 'disabled' }, false)).not.toThrow();
  });
});
