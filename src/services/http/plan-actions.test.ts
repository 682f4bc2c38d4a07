import { describe, expect, it } from 'vitest';
import { parseServer } from '../../model/server.js';
import { createPlan } from '../../plan/build-plan.js';
import { SITE_DISABLED_TEXT } from './app-rules.js';
import { actionId } from './plan-actions.js';
import { bindHttpService } from './bind.js';
import { HTTP_SERVICES } from '../registry.js';
import { APACHE_SETTINGS, NGINX_SETTINGS, sampleSite } from '../../../test/support/samples/test-sites.js';
import type { HttpService, VhostChange, WebServerSettings } from './types.js';

const WEB_SERVERS = [
  [HTTP_SERVICES.nginx as HttpService<WebServerSettings>, NGINX_SETTINGS],
  [HTTP_SERVICES.apache as HttpService<WebServerSettings>, APACHE_SETTINGS],
] as const;

const summary = (actions: readonly { id: string; kind: string; after: readonly string[] }[]) =>
  actions.map((action) => `${action.kind} ${action.id} <- [${action.after.join(', ')}]`);

describe.each(WEB_SERVERS)('%s plan actions', (service, settings) => {
  const dir = settings.configDir;

  it('write and remove vhosts and the generation, then one config test, one reload, the wait and a check per site', () => {
    const changes: VhostChange[] = [
      { kind: 'write', site: sampleSite('drupal', 'enabled') },
      { kind: 'write', site: { ...sampleSite('php', 'disabled'), uri: 'b.example.com' } },
      { kind: 'remove', uri: 'old.example.com' },
    ];
    const actions = service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings, changes, after: ['push'] });
    const generation = actions.find((action) => action.id.startsWith('http:@web1:generation:'))?.id ?? 'none';
    const files = 'http:@web1:write:vhost:example.com, http:@web1:write:vhost:b.example.com, http:@web1:remove:vhost:old.example.com';
    expect(summary(actions)).toEqual([
      'writeFile http:@web1:write:vhost:example.com <- [push]',
      'writeFile http:@web1:write:vhost:b.example.com <- [push]',
      'removePath http:@web1:remove:vhost:old.example.com <- [push]',
      `writeFile ${generation} <- [${files}]`,
      `configTest http:@web1:config-test <- [${files}, ${generation}]`,
      'reload http:@web1:reload <- [http:@web1:config-test]',
      'httpCheck http:@web1:live <- [http:@web1:reload]',
      'httpCheck http:@web1:check:example.com <- [http:@web1:live, http:@web1:write:vhost:example.com]',
      'httpCheck http:@web1:check:b.example.com <- [http:@web1:live, http:@web1:write:vhost:b.example.com]',
      'httpCheck http:@web1:check:old.example.com <- [http:@web1:live, http:@web1:remove:vhost:old.example.com]',
    ]);
    expect(actions[0]).toMatchObject({ server: '@web1', path: `${dir}/aegir/vhost.d/example.com.conf`, mode: 0o644, undo: { kind: 'restore' } });
    expect(actions[2]).toMatchObject({ path: `${dir}/aegir/vhost.d/old.example.com.conf`, recursive: false });
    expect(actions[3]).toMatchObject({ path: `${dir}/aegir/generation.conf`, onlyIfChanged: true, undo: { kind: 'restore' } });
    expect(actions[4]).toMatchObject({ argv: settings.configTestArgv });
    expect(actions[5]).toMatchObject({ argv: settings.reloadArgv, undo: { kind: 'rerun' } });
    expect(actions[6]).toMatchObject({
      address: '10.0.0.11', port: 80, host: 'aegir-generation.invalid', onlyIfChanged: true, undo: { kind: 'rerun' },
      expect: { kind: 'generation', file: `${dir}/aegir/generation.conf` },
    });
    expect(actions[7]).toMatchObject({
      host: 'example.com', path: '/', changedBy: ['http:@web1:write:vhost:example.com'], onlyIfChanged: true, undo: { kind: 'none' },
      expect: { kind: 'site', statuses: [200, 301, 302, 303, 307, 308] },
    });
    expect(actions[8]).toMatchObject({ host: 'b.example.com', expect: { kind: 'site', statuses: [503], text: SITE_DISABLED_TEXT } });
    expect(actions[9]).toMatchObject({ host: 'old.example.com', expect: { kind: 'defaultServer' } });
    expect(() => createPlan('verify', [{ ...actions[0]!, id: 'push', after: [] }, ...actions])).not.toThrow();
  });

  it('derive the generation from the change: the same change the same token, another change another', () => {
    const token = (changes: VhostChange[], server = '@web1'): string =>
      service.sitePlanActions({ server, address: '10.0.0.11', settings, changes }).find((action) => action.id.includes(':generation:'))?.id.split(':').pop() ?? '';
    const enabled: VhostChange[] = [{ kind: 'write', site: sampleSite('php', 'enabled') }];
    expect(token(enabled)).toMatch(/^aegir-[0-9a-f]{24}$/);
    expect(token(enabled)).toBe(token(enabled));
    expect(token([{ kind: 'write', site: sampleSite('php', 'disabled') }])).not.toBe(token(enabled));
    expect(token([{ kind: 'remove', uri: 'example.com' }])).not.toBe(token(enabled));
    expect(token(enabled, '@web2')).not.toBe(token(enabled));
  });

  it('give nothing when nothing changes', () => {
    expect(service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings, changes: [] })).toEqual([]);
  });

  it('refuse to remove the vhost of a uri that is no host name', () => {
    expect(() => service.sitePlanActions({ server: '@web1', address: '10.0.0.11', settings, changes: [{ kind: 'remove', uri: '../../nginx' }] })).toThrow(/^uri: /);
  });

  it('prepare the server: directories, server config, then test and reload', () => {
    const actions = service.serverPlanActions({ server: '@web1', address: '10.0.0.11', settings, idPrefix: 'web' });
    const kinds = actions.map((action) => action.kind);
    expect(kinds.slice(0, 2)).toEqual(['ensureDir', 'ensureDir']);
    expect(actions[1]).toMatchObject({ path: `${dir}/aegir/vhost.d`, after: ['web:dir:aegir'], mode: 0o755 });
    expect(kinds.slice(-3)).toEqual(['configTest', 'reload', 'httpCheck']);
    const test = actions.at(-3)!;
    const changes = actions.filter((action) => action.kind === 'writeFile' || action.kind === 'removePath');
    expect(test.after).toEqual(changes.map((action) => action.id));
    const generation = changes.at(-1)!;
    expect(generation).toMatchObject({ kind: 'writeFile', path: `${dir}/aegir/generation.conf`, after: changes.slice(0, -1).map((action) => action.id) });
    expect(changes.slice(0, -1).every((action) => action.after.join() === 'web:dir:vhost.d')).toBe(true);
    // The server config has no site to check: only the wait for its generation.
    expect(actions.at(-1)).toMatchObject({ id: 'web:live', after: ['web:reload'], expect: { kind: 'generation' } });
    expect(() => createPlan('verify @web1', actions)).not.toThrow();
  });
});

describe('plan details', () => {
  it('removes Debian\'s nginx default site (it claims default_server); leaves Apache\'s alone', () => {
    const nginx = HTTP_SERVICES.nginx.serverPlanActions({ server: '@web1', address: '10.0.0.11', settings: NGINX_SETTINGS });
    expect(nginx.filter((action) => action.kind === 'removePath').map((action) => action.path)).toEqual(['/etc/nginx/sites-enabled/default']);
    const apache = HTTP_SERVICES.apache.serverPlanActions({ server: '@web1', address: '10.0.0.11', settings: APACHE_SETTINGS });
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
    const removal = http.sitePlanActions({ server: '@web1', address: '10.0.0.11', changes: [{ kind: 'remove', uri: 'example.com' }] });
    expect(removal.map((a) => a.kind)).toEqual(['removePath', 'writeFile', 'configTest', 'reload', 'httpCheck', 'httpCheck']);
    expect(removal.filter((a) => a.kind === 'httpCheck').map((a) => a.kind === 'httpCheck' && `${a.address}:${a.port}`)).toEqual(['10.0.0.11:8080', '10.0.0.11:8080']);
    const none = bindHttpService(parseServer({ ...server, services: { ...server.services, http: { impl: 'null' } } }).services.http);
    expect(none.id).toBe('http.null');
    expect(none.serverPlanActions({ server: '@web1', address: '10.0.0.11' })).toEqual([]);
  });
});
