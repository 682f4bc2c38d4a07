import { describe, expect, it } from 'vitest';
import { HTTP_SERVICES } from '../registry.js';
import { APACHE_SETTINGS, NGINX_SETTINGS } from '../../../test/support/samples/test-sites.js';
import type { HttpService, WebServerSettings } from './types.js';

const WEB_SERVERS = [
  {
    service: HTTP_SERVICES.nginx as HttpService<WebServerSettings>, settings: NGINX_SETTINGS,
    files: ['/etc/nginx/conf.d/aegir.conf', '/etc/nginx/aegir/fastcgi.conf'],
    defaultHost: 'listen 80 default_server;\n    server_name _;\n    include "/etc/nginx/aegir/generation.conf";\n    return 404;',
    generation: 'add_header X-Aegir-Generation "aegir-0123456789abcdef01234567" always;',
    include: 'include "/etc/nginx/aegir/vhost.d/*.conf";',
  },
  {
    service: HTTP_SERVICES.apache as HttpService<WebServerSettings>, settings: APACHE_SETTINGS,
    files: ['/etc/apache2/conf-enabled/aegir.conf'],
    defaultHost: '<VirtualHost *:80>\n    ServerName default.invalid\n    Include "/etc/apache2/aegir/generation.conf"\n    Redirect 404 /\n</VirtualHost>',
    generation: 'Header always set X-Aegir-Generation "aegir-0123456789abcdef01234567"',
    include: 'IncludeOptional "/etc/apache2/aegir/vhost.d/*.conf"',
  },
] as const;

describe.each(WEB_SERVERS)('$service.id server config', (web) => {
  const impl = web.service.id.slice('http.'.length);

  it('matches the golden files', async () => {
    const files = web.service.serverConfig(web.settings);
    expect(files.map((file) => file.path)).toEqual(web.files);
    for (const file of files) await expect(file.content).toMatchFileSnapshot(`golden/${impl}/server-${file.name}.conf`);
  });

  it('answers unknown hosts with 404 and includes the vhost directory', () => {
    const content = web.service.serverConfig(web.settings)[0]?.content ?? '';
    expect(content).toContain(web.defaultHost);
    expect(content).toContain(web.include);
    expect(web.service.vhostDir(web.settings)).toBe(`${web.settings.configDir}/aegir/vhost.d`);
  });

  it('names the config generation in every answer of the default server, from a file the plans write', () => {
    const actions = web.service.serverPlanActions({ server: '@web1', address: '10.0.0.11', settings: web.settings });
    const generation = actions.find((action) => action.kind === 'writeFile' && action.path === `${web.settings.configDir}/aegir/generation.conf`);
    expect(generation?.kind === 'writeFile' ? generation.content : '').toMatch(/aegir-[0-9a-f]{24}/);
    const token = 'aegir-0123456789abcdef01234567';
    const content = (generation?.kind === 'writeFile' ? generation.content : '').replace(/aegir-[0-9a-f]{24}/, token);
    expect(content.split('\n').filter((line) => line !== '' && !line.startsWith('#'))).toEqual([web.generation]);
  });

  it('follows the port and config dir settings', () => {
    const content = web.service.serverConfig({ ...web.settings, port: 8080, configDir: '/opt/web' })[0]?.content ?? '';
    expect(content).toContain('8080');
    expect(content).not.toMatch(/\b80\b/);
    expect(content).toContain('"/opt/web/aegir/vhost.d/*.conf"');
  });

  it('refuses a config dir with a wildcard or a variable', () => {
    expect(() => web.service.serverConfig({ ...web.settings, configDir: '/etc/web*' })).toThrow(/^http\.configDir: .*wildcard/);
    expect(() => web.service.serverConfig({ ...web.settings, configDir: '/etc/$web' })).toThrow(/^http\.configDir: /);
  });

  it('takes the test and reload commands from the settings', () => {
    expect(web.service.configTestArgv(web.settings)).toEqual(web.settings.configTestArgv);
    expect(web.service.reloadArgv(web.settings)).toEqual(web.settings.reloadArgv);
  });
});

describe('the nginx server config', () => {
  it('raises the server name hash sizes for many long names', () => {
    const content = HTTP_SERVICES.nginx.serverConfig(NGINX_SETTINGS)[0]?.content ?? '';
    expect(content).toMatch(/^server_names_hash_max_size \d+;$/m);
    expect(content).toMatch(/^server_names_hash_bucket_size (256|512|1024);$/m);
  });

  it('passes SERVER_NAME from the vhost, not the Host header', () => {
    const fastcgi = HTTP_SERVICES.nginx.serverConfig(NGINX_SETTINGS)[1]?.content ?? '';
    expect(fastcgi).toMatch(/^fastcgi_param SERVER_NAME +\$server_name;$/m);
    expect(fastcgi).toMatch(/^fastcgi_param SCRIPT_FILENAME +\$document_root\$fastcgi_script_name;$/m);
  });
});

describe('the Apache server config', () => {
  it('loads each module the vhosts use only when it is not loaded yet', () => {
    const content = HTTP_SERVICES.apache.serverConfig(APACHE_SETTINGS)[0]?.content ?? '';
    for (const module of ['proxy', 'proxy_fcgi', 'rewrite', 'headers', 'alias', 'dir', 'authz_core']) {
      expect(content).toContain(`<IfModule !${module}_module>\n    LoadModule ${module}_module "/usr/lib/apache2/modules/mod_${module}.so"\n</IfModule>`);
    }
    expect(content.indexOf('proxy_module')).toBeLessThan(content.indexOf('proxy_fcgi_module'));
    expect(content).not.toMatch(/unixd|mpm_|^Listen/m);
  });
});
