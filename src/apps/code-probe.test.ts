import { describe, expect, it } from 'vitest';
import { platformProbePaths, readPlatformFacts } from './code-probe.js';
import { drupalMajorOf } from './drupal/code.js';
import type { ProbedPath } from './types.js';

const file = (content = ''): ProbedPath => ({ type: 'file', content });

describe('platform code facts', () => {
  it('probes the marker files of each kind', () => {
    expect(platformProbePaths('mediawiki', '/p')).toEqual(['/p/includes/DefaultSettings.php', '/p']);
    expect(platformProbePaths('drupal', '/srv/d/web')).toEqual([
      '/srv/d/web/core/lib/Drupal.php', '/srv/d/web/includes/bootstrap.inc', '/srv/d/web/vendor/bin/drush', '/srv/d/vendor/bin/drush', '/srv/d/web',
    ]);
    expect(platformProbePaths('php', '/p')).toEqual(['/p/index.php', '/p/aegir-install.php', '/p']);
  });

  it('reads the Drupal major from core/lib/Drupal.php or includes/bootstrap.inc', () => {
    expect(drupalMajorOf("class Drupal {\n  const VERSION = '10.2.3';", undefined)).toBe(10);
    expect(drupalMajorOf("  const VERSION = '11.0.1';", undefined)).toBe(11);
    expect(drupalMajorOf("  const VERSION = '9.5.0';", undefined)).toBe(10);
    expect(drupalMajorOf(undefined, "define('VERSION', '7.98');")).toBe(7);
    expect(drupalMajorOf(undefined, undefined)).toBeUndefined();
  });

  it('tells an app of its kind, its drush and the sites on disk', () => {
    const probed = new Map<string, ProbedPath>([
      ['/srv/d/web/core/lib/Drupal.php', file("const VERSION = '10.1.0';")],
      ['/srv/d/vendor/bin/drush', { type: 'other' }],
    ]);
    expect(readPlatformFacts('drupal', '/srv/d/web', probed, ['default', 'a.example.com'])).toEqual({
      isApp: true, drupalMajor: 10, drush: '/srv/d/vendor/bin/drush', siteDirs: ['a.example.com', 'default'],
    });
    expect(readPlatformFacts('wordpress', '/p', new Map(), [])).toEqual({ isApp: false, siteDirs: [] });
    expect(readPlatformFacts('php', '/p', new Map([['/p/index.php', file()]]), [])).toEqual({ isApp: true, installScript: false, siteDirs: [] });
    expect(readPlatformFacts('php', '/p', new Map([['/p', { type: 'missing' }]]), [])).toEqual({ isApp: false, installScript: false, siteDirs: [], rootMissing: true });
  });
});
