import { describe, expect, it } from 'vitest';
import { HTTP_SERVICES } from '../registry.js';
import { APACHE_SETTINGS, NGINX_SETTINGS, SAMPLE_CHAIN, SAMPLE_KEY, sampleSite, sampleTlsSite } from '../../../test/support/samples/test-sites.js';
import type { HttpService, WebServerSettings } from './types.js';

const WEB_SERVERS = [
  {
    service: HTTP_SERVICES.nginx as HttpService<WebServerSettings>, settings: NGINX_SETTINGS,
    https: 'listen 443 ssl;',
    certificate: 'ssl_certificate "/etc/nginx/aegir/tls/example.com.crt";',
    key: 'ssl_certificate_key "/etc/nginx/aegir/tls/example.com.key";',
    toHttps: 'return 301 https://$host$request_uri;',
    aliasToHttps: 'return 301 https://example.com$request_uri;',
    aliasToHttp: 'return 301 http://example.com$request_uri;',
    challenge: 'location ^~ /.well-known/acme-challenge/ {',
  },
  {
    service: HTTP_SERVICES.apache as HttpService<WebServerSettings>, settings: APACHE_SETTINGS,
    https: '<VirtualHost *:443>',
    certificate: 'SSLCertificateFile "/etc/apache2/aegir/tls/example.com.crt"',
    key: 'SSLCertificateKeyFile "/etc/apache2/aegir/tls/example.com.key"',
    toHttps: 'RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [R=301,L,NE]',
    aliasToHttps: 'RewriteRule ^ https://example.com%{REQUEST_URI} [R=301,L,NE]',
    aliasToHttp: 'RewriteRule ^ http://example.com%{REQUEST_URI} [R=301,L,NE]',
    challenge: 'Alias /.well-known/acme-challenge/ "/srv/platforms/p1/.well-known/acme-challenge/"',
  },
] as const;

const count = (text: string, part: string): number => text.split(part).length - 1;

describe.each(WEB_SERVERS)('$service.id TLS vhosts', (web) => {
  const impl = web.service.id.slice('http.'.length);
  const vhost = (site: ReturnType<typeof sampleTlsSite>): string => web.service.siteVhost(site, web.settings)?.content ?? '';

  it.each([
    ['on', { redirect: false }],
    ['required', { redirect: true }],
    ['required', { redirect: true, certificate: false }],
  ] as const)('match the golden %s vhost (%j)', async (mode, options) => {
    const name = `${impl}/tls-${mode}${options.redirect ? '-redirect' : ''}${'certificate' in options ? '-pending' : ''}.conf`;
    await expect(vhost(sampleTlsSite('drupal', mode, options))).toMatchFileSnapshot(`golden/${name}`);
  });

  it('on: serve the site over http and https with its certificate and key', () => {
    const content = vhost(sampleTlsSite('php', 'on'));
    expect(content).toContain(web.https);
    expect(content).toContain(web.certificate);
    expect(content).toContain(web.key);
    expect(count(content, 'php8.2-fpm.sock')).toBe(2);
    expect(content).not.toContain(web.toHttps);
  });

  it('required: redirect http to https except the ACME challenge path; aliases go to the https uri', () => {
    const content = vhost(sampleTlsSite('php', 'required', { redirect: true }));
    expect(content).toContain(web.toHttps);
    expect(content).toContain(web.aliasToHttps);
    expect(content).toContain(web.challenge);
    expect(count(content, 'php8.2-fpm.sock')).toBe(1);
  });

  it('without a certificate yet: http only, the challenge path reachable on redirecting aliases', () => {
    const content = vhost(sampleTlsSite('php', 'required', { redirect: true, certificate: false }));
    expect(content).not.toContain(web.https);
    expect(content).not.toContain(web.toHttps);
    expect(content).toContain(web.aliasToHttp);
    expect(content).toContain(web.challenge);
  });

  it('places the chain, and the key 0600 and sensitive, in a 0700 directory before the config test', () => {
    const actions = web.service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings: web.settings, changes: [{ kind: 'write', site: sampleTlsSite('php', 'on') }] });
    const dir = `${web.settings.configDir}/aegir/tls`;
    expect(actions[0]).toMatchObject({ kind: 'ensureDir', path: dir, mode: 0o700 });
    const files = actions.filter((a) => a.kind === 'writeFile');
    expect(files.find((a) => a.path === `${dir}/example.com.crt`)).toMatchObject({ content: SAMPLE_CHAIN, mode: 0o644, sensitive: false });
    expect(files.find((a) => a.path === `${dir}/example.com.key`)).toMatchObject({ content: SAMPLE_KEY, mode: 0o600, sensitive: true });
    const test = actions.find((a) => a.kind === 'configTest');
    expect(test?.after).toEqual(expect.arrayContaining(files.map((a) => a.id)));
  });

  it('places no TLS files for a site without TLS, and removes them with the vhost when asked', () => {
    const plain = web.service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings: web.settings, changes: [{ kind: 'write', site: sampleSite('php', 'enabled') }] });
    expect(plain.map((a) => a.kind)).toEqual(['writeFile', 'writeFile', 'configTest', 'reload', 'httpCheck', 'httpCheck']);
    expect(plain.filter((a) => a.kind === 'writeFile').map((a) => a.path.split('/').pop())).toEqual(['example.com.conf', 'generation.conf']);
    const removed = web.service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings: web.settings, changes: [{ kind: 'remove', uri: 'example.com', tls: true }] });
    expect(removed.filter((a) => a.kind === 'removePath').map((a) => a.path.split('/').pop())).toEqual(['example.com.conf', 'example.com.crt', 'example.com.key']);
  });

  it('checks a site whose http redirects to https for that redirect, when its vhost, chain or key changed', () => {
    const actions = web.service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings: web.settings, changes: [{ kind: 'write', site: sampleTlsSite('php', 'required') }] });
    const own = actions.filter((a) => a.kind === 'writeFile' && !a.path.endsWith('/generation.conf')).map((a) => a.id);
    expect(own).toHaveLength(3);
    expect(actions.find((a) => a.id === 'http:@web1:check:example.com')).toMatchObject({ expect: { kind: 'site', statuses: [301] }, changedBy: own });
    const pending = web.service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings: web.settings, changes: [{ kind: 'write', site: sampleTlsSite('php', 'required', { certificate: false }) }] });
    expect(pending.find((a) => a.id === 'http:@web1:check:example.com')).toMatchObject({ expect: { kind: 'site', statuses: [200, 301, 302, 303, 307, 308, 401] } });
  });

  it('writes the https port when it is not 443', () => {
    const content = web.service.siteVhost(sampleTlsSite('php', 'required', { redirect: true }), { ...web.settings, tlsPort: 8443 })?.content ?? '';
    expect(content).toContain('8443');
    expect(content).toContain('https://example.com:8443');
  });
});
