import { describe, expect, it } from 'vitest';
import { APP_KINDS } from '../../model/platform.js';
import { SITE_DISABLED_TEXT } from './app-rules.js';
import { HTTP_SERVICES } from '../registry.js';
import { APACHE_SETTINGS, NGINX_SETTINGS, sampleSite, VARIANTS } from '../../../test/support/samples/test-sites.js';
import type { HttpService, WebServerSettings } from './types.js';

/** Each real implementation with its settings and how its config says a few things. */
const WEB_SERVERS = [
  {
    service: HTTP_SERVICES.nginx as HttpService<WebServerSettings>, settings: NGINX_SETTINGS,
    served: (names: string[]) => `server_name ${names.join(' ')};`,
    php: 'fastcgi_pass unix:/run/php/php8.2-fpm.sock;',
    frontController: '/index.php?$query_string',
    redirect: 'return 301 http://example.com$request_uri;',
    disabled: 'return 503',
  },
  {
    service: HTTP_SERVICES.apache as HttpService<WebServerSettings>, settings: APACHE_SETTINGS,
    served: ([first, ...rest]: string[]) => `ServerName ${first}${rest.length > 0 ? `\n    ServerAlias ${rest.join(' ')}` : ''}`,
    php: 'SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"',
    frontController: 'RewriteRule ^ /index.php [L]',
    redirect: 'Redirect 301 / http://example.com/',
    disabled: 'Redirect 503 /',
  },
] as const;

describe.each(WEB_SERVERS)('$service.id vhosts', (web) => {
  const impl = web.service.id.slice('http.'.length);

  describe.each(APP_KINDS)('for a %s site', (app) => {
    it.each(VARIANTS)('match the golden %s vhost', async (variant) => {
      const file = web.service.siteVhost(sampleSite(app, variant), web.settings);
      expect(file?.path).toBe(`${web.settings.configDir}/aegir/vhost.d/example.com.conf`);
      await expect(file?.content).toMatchFileSnapshot(`golden/${impl}/${app}-${variant}.conf`);
    });

    it('serve the site on the uri and its aliases, PHP through the FPM socket', () => {
      const content = web.service.siteVhost(sampleSite(app, 'enabled'), web.settings)?.content ?? '';
      expect(content).toContain(web.served(['example.com', 'www.example.com', 'example.org']));
      expect(content).toContain('"/srv/platforms/p1"');
      expect(content).toContain(web.php);
      expect(content).toContain('/sites/example.com/private');
      expect(content).toContain('/sites/example.com/files');
      expect(content.includes(web.frontController)).toBe(app === 'drupal' || app === 'wordpress');
      expect(content).not.toContain('301');
    });

    it('redirect the aliases to the uri when the site says so', () => {
      const content = web.service.siteVhost(sampleSite(app, 'redirect'), web.settings)?.content ?? '';
      expect(content).toContain(web.served(['example.com']));
      expect(content).toContain(web.served(['www.example.com', 'example.org']));
      expect(content).toContain(web.redirect);
    });

    it('answer every name of a disabled site with the disabled page, without PHP', () => {
      const content = web.service.siteVhost(sampleSite(app, 'disabled'), web.settings)?.content ?? '';
      expect(content).toContain(web.served(['example.com', 'www.example.com', 'example.org']));
      expect(content).toContain(web.disabled);
      expect(content).toContain(`"${SITE_DISABLED_TEXT}"`);
      expect(content).not.toContain('php8.2-fpm');
      expect(content).not.toContain('301');
    });
  });

  it('writes the redirect target with the port when it is not 80', () => {
    const content = web.service.siteVhost(sampleSite('php', 'redirect'), { ...web.settings, port: 8080 })?.content ?? '';
    expect(content).toContain('http://example.com:8080');
    expect(content).not.toMatch(/\b80\b/);
  });

  it('quotes paths with spaces, quotes, semicolons and braces instead of breaking the config', () => {
    const site = { ...sampleSite('php', 'enabled'), docRoot: '/srv/my "odd"; {dir}' };
    const content = web.service.siteVhost({ ...site, siteDir: `${site.docRoot}/sites/example.com`, publicFilesDir: `${site.docRoot}/sites/example.com/files`, privateFilesDir: `${site.docRoot}/sites/example.com/private` }, web.settings)?.content ?? '';
    expect(content).toContain(String.raw`"/srv/my \"odd\"; {dir}"`);
  });

  it('refuses values no config can hold, naming the field', () => {
    const site = sampleSite('php', 'enabled');
    expect(() => web.service.siteVhost({ ...site, docRoot: '/srv/$document_root' }, web.settings)).toThrow(/^docRoot: .*'\$'/);
    expect(() => web.service.siteVhost({ ...site, privateFilesDir: '/srv/a\nb' }, web.settings)).toThrow(/^privateFilesDir: .*control character/);
    expect(() => web.service.siteVhost({ ...site, aliases: ['a.example;b'] }, web.settings)).toThrow(/^aliases: /);
    expect(() => web.service.siteVhost({ ...site, uri: 'example.com"' }, web.settings)).toThrow(/^uri: /);
    expect(() => web.service.siteVhost(site, { ...web.settings, phpFpmSocket: '/run/php|x.sock' })).toThrow(/^http\.phpFpmSocket: /);
    expect(() => web.service.siteVhost({ ...site, publicFilesDir: site.docRoot }, web.settings)).toThrow(/^publicFilesDir: .*document root/);
  });
});

describe('http.null', () => {
  it('gives no config, no vhost and no actions', () => {
    const service = HTTP_SERVICES.null;
    expect(service.serverConfig({})).toEqual([]);
    expect(service.siteVhost(sampleSite('drupal', 'enabled'), {})).toBeUndefined();
    expect(service.vhostDir({})).toBeUndefined();
    expect(service.configTestArgv({})).toBeUndefined();
    expect(service.reloadArgv({})).toBeUndefined();
    expect(service.serverPlanActions({ server: '@web1', address: '10.0.0.11', settings: {} })).toEqual([]);
    expect(service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings: {}, changes: [{ kind: 'write', site: sampleSite('php', 'enabled') }] })).toEqual([]);
  });
});
