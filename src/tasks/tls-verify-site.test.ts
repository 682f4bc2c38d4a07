import { describe, expect, it } from 'vitest';
import { Secret } from '../model/index.js';
import type { Inventory } from '../model/index.js';
import { planDeleteSite } from './delete-site.js';
import { sampleCode, sampleFacts, sampleInventory } from '../../test/support/samples/sample-inventory.js';
import { planVerifySite } from './verify-site.js';

const TARGET = '@www.example.com';
const CHAIN = '-----BEGIN CERTIFICATE-----\nMIIBsample\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHsample\n-----END PRIVATE KEY-----\n';

function withTls(inventory: Inventory, mode: 'on' | 'required'): Inventory {
  const certificate = { chain: CHAIN, key: new Secret(KEY), notAfter: '2030-01-01T00:00:00.000Z', names: ['www.example.com', 'example.com'], issuer: 'self-signed' as const };
  return { ...inventory, sites: inventory.sites.map((site) => ({ ...site, tls: mode, certificate })) };
}

describe('verify @site with aliases and TLS', () => {
  it('Drupal: sites.php maps every alias and the settings trust every name, on every web head', () => {
    const inventory = sampleInventory({ app: 'drupal', status: 'enabled' });
    const plan = planVerifySite({ inventory, target: TARGET, facts: sampleFacts(inventory, undefined, sampleCode({ drupalMajor: 10 })) });
    for (const head of ['@web1', '@web2']) {
      const sitesPhp = plan.actions.find((a) => a.kind === 'writeFile' && a.server === head && a.path === '/var/www/app/sites/sites.php');
      expect(sitesPhp?.kind === 'writeFile' ? sitesPhp.content : '').toContain("$sites['example.com'] = 'www.example.com';");
      const settings = plan.actions.find((a) => a.kind === 'writeFile' && a.server === head && a.path === '/var/www/app/sites/www.example.com/settings.php');
      expect(settings?.kind === 'writeFile' ? settings.content : '').toMatch(/trusted_host_patterns[^;]*'\^www\\+\.example\\+\.com\$'[^;]*'\^example\\+\.com\$'/);
    }
  });

  it('places the certificate and the key (0600, sensitive) on every member of the cluster before its config test', () => {
    const inventory = withTls(sampleInventory({ status: 'enabled' }), 'required');
    const plan = planVerifySite({ inventory, target: TARGET, facts: sampleFacts(inventory) });
    for (const head of ['@web1', '@web2']) {
      const key = plan.actions.find((a) => a.server === head && a.kind === 'writeFile' && a.path === '/etc/nginx/aegir/tls/www.example.com.key');
      expect(key).toMatchObject({ mode: 0o600, sensitive: true, content: KEY });
      const vhost = plan.actions.find((a) => a.server === head && a.kind === 'writeFile' && a.path === '/etc/nginx/aegir/vhost.d/www.example.com.conf');
      expect(vhost?.kind === 'writeFile' ? vhost.content : '').toContain('listen 443 ssl;');
      const test = plan.actions.find((a) => a.id === `http:${head}:config-test`);
      expect(test?.after).toContain(key?.id);
    }
  });

  it('delete removes the certificate and key with the vhost', () => {
    const inventory = withTls(sampleInventory({ status: 'disabled' }), 'on');
    const plan = planDeleteSite({ inventory, target: TARGET, facts: sampleFacts(inventory) });
    const removed = plan.actions.flatMap((a) => (a.kind === 'removePath' && a.server === '@web1' ? [a.path] : []));
    expect(removed).toEqual(expect.arrayContaining(['/etc/nginx/aegir/tls/www.example.com.crt', '/etc/nginx/aegir/tls/www.example.com.key']));
  });
});
