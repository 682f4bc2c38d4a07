import { describe, expect, it } from 'vitest';
import type { PushTreeAction, WriteFileAction } from '../plan/index.js';
import { sampleCode, sampleInventory, sampleWebServer, sampleDbServer } from '../../test/support/samples/sample-inventory.js';
import { planVerifyPlatform, unknownSites, type VerifyPlatformFacts } from './verify-platform.js';

const heads = (code = sampleCode()): VerifyPlatformFacts['heads'] => ({ '@web1': code, '@web2': code });

describe('verify @platform', () => {
  it('pushes the code from the hub source to every member, then writes the platform files (MediaWiki switch)', () => {
    const inventory = sampleInventory({ app: 'mediawiki', source: '/srv/hub/mw' });
    const plan = planVerifyPlatform({ inventory, target: '@app', facts: { source: sampleCode(), heads: heads(sampleCode({ isApp: false })) } });
    expect(plan.actions.map((a) => a.id)).toEqual(['@web1', '@web2'].flatMap((head) => [
      `files:${head}:@app:push-code`, `files:${head}:@app:platform:LocalSettings.php`,
    ]));
    const push = plan.actions[0] as PushTreeAction;
    expect(push).toMatchObject({ source: '/srv/hub/mw', target: '/var/www/app', deleteExtraneous: false });
    expect(push.excludes).toEqual(['/sites/*/files/', '/sites/*/private/', '/sites/*/LocalSettings.php', '/LocalSettings.php']);
    const switchFile = plan.actions[1] as WriteFileAction;
    expect(switchFile).toMatchObject({ path: '/var/www/app/LocalSettings.php', mode: 0o444, after: ['files:@web1:@app:push-code'] });
  });

  it('without a source expects the code in place: no push, and refuses a member where it is not an app of its kind', () => {
    const inventory = sampleInventory({ app: 'php' });
    const plan = planVerifyPlatform({ inventory, target: '@app', facts: { heads: heads() } });
    expect(plan.actions).toEqual([]);
    expect(() => planVerifyPlatform({ inventory, target: '@app', facts: { heads: { '@web1': sampleCode(), '@web2': sampleCode({ isApp: false }) } } }))
      .toThrow(/not a php codebase on @web2/);
  });

  it('says so when the root does not exist on a member, or the source on the hub', () => {
    const inventory = sampleInventory({ app: 'php' });
    expect(() => planVerifyPlatform({ inventory, target: '@app', facts: { heads: { '@web1': sampleCode(), '@web2': sampleCode({ isApp: false, rootMissing: true }) } } }))
      .toThrow("the directory /var/www/app does not exist on @web2: put the code of @app there (or give it a --source on the hub to push from, 'aegir platform set @app source=DIR')");
    const pushed = sampleInventory({ app: 'php', source: '/srv/hub/app' });
    expect(() => planVerifyPlatform({ inventory: pushed, target: '@app', facts: { source: sampleCode({ isApp: false, rootMissing: true }), heads: heads() } }))
      .toThrow(/the directory \/srv\/hub\/app \(the source of @app\) does not exist on the hub/);
  });

  it('refuses a source on the hub that is not an app of its kind', () => {
    const inventory = sampleInventory({ app: 'wordpress', source: '/srv/hub/wp' });
    expect(() => planVerifyPlatform({ inventory, target: '@app', facts: { source: sampleCode({ isApp: false }), heads: heads() } }))
      .toThrow(/not a wordpress codebase on the hub/);
  });

  it('files.local on the hub itself does not copy a source onto itself', () => {
    const servers = [sampleWebServer('@web1', 'localhost', 'local'), sampleWebServer('@web2', '10.0.0.12'), sampleDbServer()];
    const inventory = { ...sampleInventory({ servers, app: 'php' }), platforms: [{ alias: '@app', root: '/var/www/app', app: 'php' as const, web: '@web', source: '/var/www/app', locked: false }] };
    const plan = planVerifyPlatform({ inventory, target: '@app', facts: { source: sampleCode(), heads: heads() } });
    expect(plan.actions.map((a) => a.id)).toEqual(['files:@web2:@app:push-code']);
  });

  it('reports directories under sites/ that look like sites Aegir does not know', () => {
    const inventory = sampleInventory({ app: 'drupal' });
    const facts = { heads: { '@web1': sampleCode({ siteDirs: ['all', 'default', 'www.example.com', 'old.example.org'] }), '@web2': sampleCode({ siteDirs: ['example.com', 'x.example.net', 'Bad_Name.x'] }) } };
    expect(unknownSites(inventory, '@app', facts)).toEqual(['old.example.org', 'x.example.net']);
  });
});
