import { describe, expect, it } from 'vitest';
import { drushAliasFiles, drushAliasName } from './drush-aliases.js';
import { sampleDbServer, sampleInventory, sampleWebServer } from '../../test/support/samples/sample-inventory.js';

describe('Drush site alias files', () => {
  it('one <name>.site.yml per Drupal site with root, uri, host and user of the first web head', () => {
    const inventory = sampleInventory({ app: 'drupal', sites: [{ uri: 'www.example.com' }, { uri: 'b-2.example.org', status: 'disabled' }] });
    expect(drushAliasFiles(inventory)).toEqual([
      {
        fileName: 'www_example_com.site.yml',
        content: [
          '# Drush site alias of www.example.com, written by Aegir: changes here are overwritten by the next export.',
          'aegir:',
          '  root: "/var/www/app"',
          '  uri: "http://www.example.com"',
          '  host: "10.0.0.11"',
          '  user: "root"',
          '',
        ].join('\n'),
      },
      expect.objectContaining({ fileName: 'b-2_example_org.site.yml' }),
    ]);
  });

  it('leaves out host and user for sites on the hub itself, and skips other app kinds', () => {
    const servers = [sampleWebServer('@localhost', 'localhost', 'local'), sampleWebServer('@web2', '10.0.0.12'), sampleDbServer()];
    const local = sampleInventory({ app: 'drupal', servers, members: ['@localhost', '@web2'] });
    expect(drushAliasFiles(local)[0]?.content).not.toContain('host:');
    expect(drushAliasFiles(sampleInventory({ app: 'mediawiki' }))).toEqual([]);
    expect(drushAliasName('a.b-c.d')).toBe('a_b-c_d');
  });
});
