import { describe, expect, it } from 'vitest';
import type { Action, ExecAction, WriteFileAction } from '../plan/index.js';
import { planInstallSite } from './install-site.js';
import { sampleCode, sampleDbServer, sampleFacts, sampleInventory, sampleWebServer, SAMPLE_PASSWORD } from '../../test/support/samples/sample-inventory.js';

const TARGET = '@www.example.com';
const byId = (actions: readonly Action[], id: string): Action => {
  const found = actions.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no action ${id} in ${actions.map((a) => a.id).join(', ')}`);
  return found;
};

describe('install @site on a two-member cluster', () => {
  const inventory = sampleInventory();
  const plan = planInstallSite({ inventory, target: TARGET, facts: sampleFacts(inventory) });
  /** Ids, with the generation token (a digest of the change) shown as `*`. */
  const ids = plan.actions.map((a) => a.id.replace(/:generation:aegir-[0-9a-f]{24}$/, ':generation:*'));

  it('plans, in order: the database, per web head files and a login check, the installer, then vhosts', () => {
    expect(plan.title).toBe('install @www.example.com');
    expect(ids).toEqual([
      'db:@db1:www_example_com:create-db',
      'db:@db1:www_example_com:create-user:10.0.0.11',
      'db:@db1:www_example_com:grant:10.0.0.11',
      'db:@db1:www_example_com:create-user:10.0.0.12',
      'db:@db1:www_example_com:grant:10.0.0.12',
      ...['@web1', '@web2'].flatMap((head) => [
        `files:${head}:www.example.com:dir:.`,
        `files:${head}:www.example.com:dir:files`,
        `files:${head}:www.example.com:dir:private`,
        `files:${head}:www.example.com:dir:private/temp`,
        `files:${head}:www.example.com:settings:settings.php`,
        `db:@db1:www_example_com:login-from:${head}`,
      ]),
      'app:@web1:www.example.com:install',
      ...['@web1', '@web2'].flatMap((head) => [
        `http:${head}:write:vhost:www.example.com`, `http:${head}:generation:*`, `http:${head}:config-test`, `http:${head}:reload`,
        `http:${head}:live`, `http:${head}:check:www.example.com`,
      ]),
    ]);
  });

  it('writes the settings as a sensitive 0440 file of the web group, naming the db server and the site account', () => {
    const settings = byId(plan.actions, 'files:@web2:www.example.com:settings:settings.php') as WriteFileAction;
    expect(settings).toMatchObject({ server: '@web2', path: '/var/www/app/sites/www.example.com/settings.php', mode: 0o440, group: 'www-data', sensitive: true });
    expect(settings.content).toContain("'host' => '10.0.0.20'");
    expect(settings.content).toContain("'name' => 'www_example_com'");
    expect(settings.content).toContain(SAMPLE_PASSWORD);
    // After every directory of the site on that head; each directory waits for its nearest parent only.
    const dir = (d: string): string => `files:@web2:www.example.com:dir:${d}`;
    expect(settings.after).toEqual(['.', 'files', 'private', 'private/temp'].map(dir));
    expect(byId(plan.actions, dir('.')).after).toEqual([]);
    expect(byId(plan.actions, dir('files')).after).toEqual([dir('.')]);
    expect(byId(plan.actions, dir('private')).after).toEqual([dir('.')]);
    expect(byId(plan.actions, dir('private/temp')).after).toEqual([dir('private')]);
    expect(byId(plan.actions, 'files:@web2:www.example.com:dir:files')).toMatchObject({ mode: 0o2770, group: 'www-data' });
  });

  it('checks the login from each web head after the grants and that head\'s settings', () => {
    const login = byId(plan.actions, 'db:@db1:www_example_com:login-from:@web2') as ExecAction;
    expect(login.server).toBe('@web2');
    expect(login.after).toEqual(expect.arrayContaining(['db:@db1:www_example_com:grant:10.0.0.12', 'files:@web2:www.example.com:settings:settings.php']));
    expect(login.argv.join(' ')).not.toContain(SAMPLE_PASSWORD);
  });

  it('runs the installer once, on the first web head, as the web user, after every login check', () => {
    const installer = byId(plan.actions, 'app:@web1:www.example.com:install') as ExecAction;
    expect(installer).toMatchObject({ server: '@web1', user: 'www-data', cwd: '/var/www/app', argv: ['php', 'aegir-install.php'] });
    expect(installer.env).toEqual({ AEGIR_SITE: 'www.example.com', AEGIR_SETTINGS: '/var/www/app/sites/www.example.com/settings.php' });
    expect(installer.after).toEqual(expect.arrayContaining(['db:@db1:www_example_com:login-from:@web1', 'db:@db1:www_example_com:login-from:@web2']));
    expect(plan.actions.filter((a) => a.kind === 'exec' && a.id.startsWith('app:'))).toHaveLength(1);
  });

  it('writes the vhost on every web head after the installer; no head reloads before every head passed its test', () => {
    for (const head of ['@web1', '@web2']) {
      expect(byId(plan.actions, `http:${head}:write:vhost:www.example.com`).after).toEqual(['app:@web1:www.example.com:install']);
      const generation = plan.actions.find((a) => a.server === head && a.id.startsWith(`http:${head}:generation:`))?.id ?? 'none';
      expect(byId(plan.actions, `http:${head}:config-test`)).toMatchObject({ server: head, after: [`http:${head}:write:vhost:www.example.com`, generation] });
      expect(byId(plan.actions, `http:${head}:reload`)).toMatchObject({ server: head });
      expect([...byId(plan.actions, `http:${head}:reload`).after].sort()).toEqual(['http:@web1:config-test', 'http:@web2:config-test']);
    }
  });

  it('after each head\'s reload, waits until its listener serves the new config, then checks the site through it', () => {
    const [web1, web2] = ['@web1', '@web2'].map((head) => sampleInventory().servers.find((s) => s.alias === head)?.host);
    for (const [head, host] of [['@web1', web1], ['@web2', web2]] as const) {
      expect(byId(plan.actions, `http:${head}:live`)).toMatchObject({
        kind: 'httpCheck', server: head, address: host, port: 80, after: [`http:${head}:reload`], expect: { kind: 'generation' },
      });
      expect(byId(plan.actions, `http:${head}:check:www.example.com`)).toMatchObject({
        kind: 'httpCheck', address: host, host: 'www.example.com', path: '/', expect: { kind: 'site', statuses: expect.arrayContaining([200]) },
        changedBy: [`http:${head}:write:vhost:www.example.com`],
      });
    }
  });

  it('without an install script the vhost waits for the settings and login check of its own head', () => {
    const plain = planInstallSite({ inventory, target: TARGET, facts: sampleFacts(inventory, undefined, sampleCode({ installScript: false })) });
    expect(plain.actions.some((a) => a.id.startsWith('app:'))).toBe(false);
    expect(byId(plain.actions, 'http:@web2:write:vhost:www.example.com').after)
      .toEqual(['files:@web2:www.example.com:settings:settings.php', 'db:@db1:www_example_com:login-from:@web2']);
  });

  it('grants localhost and writes localhost into the settings on a web head that is the db server', () => {
    const servers = [sampleWebServer('@web1', '10.0.0.11'), sampleWebServer('@web2', 'web2.example.net'), { ...sampleDbServer('@db1', '10.0.0.11') }];
    const inv = sampleInventory({ servers });
    const facts = { ...sampleFacts(inv), addresses: { '@web1': ['10.0.0.11'], '@web2': ['10.0.0.99'], '@db1': ['10.0.0.11'] } };
    const local = planInstallSite({ inventory: inv, target: TARGET, facts });
    expect(local.actions.map((a) => a.id)).toEqual(expect.arrayContaining([
      'db:@db1:www_example_com:create-user:localhost', 'db:@db1:www_example_com:create-user:10.0.0.99',
    ]));
    expect((byId(local.actions, 'files:@web1:www.example.com:settings:settings.php') as WriteFileAction).content).toContain("'host' => 'localhost'");
    expect((byId(local.actions, 'files:@web2:www.example.com:settings:settings.php') as WriteFileAction).content).toContain("'host' => '10.0.0.11'");
  });

  it('refuses when the platform code is missing on a web head, and when the site is installed already', () => {
    const facts = sampleFacts(inventory);
    const missing = { ...facts, code: { ...facts.code, '@web2': sampleCode({ isApp: false }) } };
    expect(() => planInstallSite({ inventory, target: TARGET, facts: missing })).toThrow(/not on @web2.*aegir verify @app/);
    const installed = sampleInventory({ status: 'enabled' });
    expect(() => planInstallSite({ inventory: installed, target: TARGET, facts: sampleFacts(installed) })).toThrow(/already installed/);
  });

  it('a one-server web target plans for that server only', () => {
    const single = sampleInventory({ members: ['@web1'] });
    const one = planInstallSite({ inventory: single, target: TARGET, facts: sampleFacts(single) });
    expect(new Set(one.actions.map((a) => a.server))).toEqual(new Set(['@db1', '@web1']));
  });
});
