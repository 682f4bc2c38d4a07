import { describe, expect, it } from 'vitest';
import { codeExcludes, FILES_SERVICES, filesService } from './index.js';

const platform = { alias: '@p', root: '/var/www/p', app: 'drupal' as const, source: '/srv/hub/p' };

describe('files services', () => {
  it('protect uploads, private files, settings and the platform files Aegir writes, for every app kind', () => {
    expect(codeExcludes('drupal', '/r')).toEqual(['/sites/*/files/', '/sites/*/private/', '/sites/*/settings.php', '/sites/sites.php']);
    expect(codeExcludes('wordpress', '/r')).toEqual(['/sites/*/files/', '/sites/*/private/', '/sites/*/wp-config.php', '/wp-config.php']);
    expect(codeExcludes('php', '/r')).toEqual(['/sites/*/files/', '/sites/*/private/', '/sites/*/settings.php']);
  });

  it.each(Object.keys(FILES_SERVICES) as (keyof typeof FILES_SERVICES)[])('files.%s pushes a source to the root, never deleting', (impl) => {
    const [push, ...rest] = filesService(impl).platformCodeActions({ server: '@web1', platform, after: ['x'] });
    expect(rest).toEqual([]);
    expect(push).toMatchObject({
      kind: 'pushTree', id: 'files:@web1:@p:push-code', server: '@web1', source: '/srv/hub/p', target: '/var/www/p',
      deleteExtraneous: false, after: ['x'],
    });
  });

  it('without a source the code is expected in place; files.local does not copy a root onto itself', () => {
    const { source: _source, ...inPlace } = platform;
    expect(filesService('rsync').platformCodeActions({ server: '@web1', platform: inPlace })).toEqual([]);
    expect(filesService('local').platformCodeActions({ server: '@localhost', platform: { ...platform, source: platform.root } })).toEqual([]);
    expect(filesService('rsync').platformCodeActions({ server: '@web1', platform: { ...platform, source: platform.root } })).toHaveLength(1);
  });
});
