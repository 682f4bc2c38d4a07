import { describe, expect, it } from 'vitest';
import { parseServer } from '../../model/server.js';
import { createPlan } from '../../plan/build-plan.js';
import { actionId } from './plan-actions.js';
import { bindHttpService, HTTP_SERVICES } from './registry.js';
import { APACHE_SETTINGS, NGINX_SETTINGS, sampleSite } from './test-sites.js';
import type { HttpService, VhostChange, WebServerSettings } from './types.js';

const WEB_SERVERS = [
  [HTTP_SERVICES.nginx as HttpService<WebServerSettings>, NGINX_SETTINGS],
  [HTTP_SERVICES.apache as HttpService<WebServerSettings>, APACHE_SETTINGS],
] as const;

const summary = (actions: readonly { id: string; kind: string; after: readonly string[] }[]) =>
  actions.map((action) => `${action.kind} ${action.id} <- [${action.after.join(', ')}]`);

describe.each(WEB_SERVERS)('%s plan actions', (service, settings) => {
  const dir = settings.configDir;

  it('write and remove vhosts, then one config test, then one reload', () => {
    const changes: VhostChange[] = [
      { kind: 'write', site: sampleSite('drupal', 'enabled') },
      { kind: 'write', site: { ...sampleSite('php', 'disabled'), uri: 'b.example.com' } },
      { kind: 'remove', uri: 'old.example.com' },
    ];
    const actions = service.sitePlanActions({ server: '@web1', settings, changes, after: ['push'] });
    expect(summary(actions)).toEqual([
      'writeFile http:@web1:write:vhost:example.com <- [push]',
      'writeFile http:@web1:write:vhost:b.example.com <- [push]',
      'removePath http:@web1:remove:vhost:old.example.com <- [push]',
      'configTest http:@web1:config-test <- [http:@web1:write:vhost:example.com, http:@web1:write:vhost:b.example.com, http:@web1:remove:vhost:old.example.com]',
      'reload http:@web1:reload <- [http:@web1:config-test]',
    ]);
    expect(actions[0]).toMatchObject({ server: '@web1', path: `${dir}/aegir/vhost.d/example.com.conf`, mode: 0o644, undo: { kind: 'restore' } });
    expect(actions[2]).toMatchObject({ path: `${dir}/aegir/vhost.d/old.example.com.conf`, recursive: false });
    expect(actions[3]).toMatchObject({ argv: settings.configTestArgv });
    expect(actions[4]).toMatchObject({ argv: settings.reloadArgv, undo: { kind: 'rerun' } });
    expect(() => createPlan('verify', [{ ...actions[0]!, id: 'push', after: [] }, ...actions])).not.toThrow();
  });

  it('give nothing when nothing changes', () => {
    expect(service.sitePlanActions({ server: '@web1', settings, changes: [] })).toEqual([]);
  });

  it('refuse to remove the vhost of a uri that is no host name', () => {
    expect(() => service.sitePlanActions({ server: '@web1', settings, changes: [{ kind: 'remove', uri: '../../nginx' }] })).toThrow(/^uri: /);
  });

  it('prepare the server: directories, server config, then test and reload', () => {
    const actions = service.serverPlanActions({ server: '@web1', settings, idPrefix: 'web' });
    const kinds = actions.map((action) => action.kind);
    expect(kinds.slice(0, 2)).toEqual(['ensureDir', 'ensureDir']);
    expect(actions[1]).toMatchObject({ path: `${dir}/aegir/vhost.d`, after: ['web:dir:aegir'], mode: 0o755 });
    expect(kinds.slice(-2)).toEqual(['configTest', 'reload']);
    const test = actions.at(-2)!;
    const changes = actions.filter((action) => action.kind === 'writeFile' || action.kind === 'removePath');
    expect(test.after).toEqual(changes.map((action) => action.id));
    expect(changes.every((action) => action.after.join() === 'web:dir:vhost.d')).toBe(true);
    expect(() => createPlan('verify @web1', actions)).not.toThrow();
  });
});

describe('plan details', () => {
  it('removes Debian\'s nginx default site (it claims default_server); leaves Apache\'s alone', () => {
    const nginx = HTTP_SERVICES.nginx.serverPlanActions({ server: '@web1', settings: NGINX_SETTINGS });
    expect(nginx.filter((action) => action.kind === 'removePath').map((action) => action.path)).toEqual(['/etc/nginx/sites-enabled/default']);
    const apache = HTTP_SERVICES.apache.serverPlanActions({ server: '@web1', settings: APACHE_SETTINGS });
    expect(apache.filter((action) => action.kind === 'removePath')).toEqual([]);
  });

  it('keeps action ids within the limit for the longest names, deterministically', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.example`;
    const id = actionId('http:@web1', `write:vhost:${long}`);
    expect(id.length).toBeLessThanOrEqual(200);
    expect(id).toBe(actionId('http:@web1', `write:vhost:${long}`));
    expect(id).not.toBe(actionId('http:@web1', `write:vhost:${long.replace('a', 'z')}`));
    expect(actionId('p', 'short')).toBe('p:short');
  });

  it('binds a server\'s http service to its settings', () => {
    const server = parseServer({ alias: '@web1', host: 'web1.example', services: { http: { impl: 'nginx', settings: { port: 8080 } }, db: { impl: 'null' }, files: { impl: 'local' } } });
    const http = bindHttpService(server.services.http);
    expect(http.id).toBe('http.nginx');
    expect(http.siteVhost(sampleSite('php', 'enabled'))?.content).toContain('listen 8080;');
    expect(http.sitePlanActions({ server: '@web1', changes: [{ kind: 'remove', uri: 'example.com' }] }).map((a) => a.kind))
      .toEqual(['removePath', 'configTest', 'reload']);
    const none = bindHttpService(parseServer({ ...server, services: { ...server.services, http: { impl: 'null' } } }).services.http);
    expect(none.id).toBe('http.null');
    expect(none.serverPlanActions({ server: '@web1' })).toEqual([]);
  });
});
