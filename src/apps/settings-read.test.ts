import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReadSettings, readableSettingsFile, settingsReaderScript } from './settings-read.js';

const dir = mkdtempSync(join(tmpdir(), 'aegir-settings-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasPhp = spawnSync('php', ['-v']).status === 0;

/** Runs the reader of `app` on a settings file as the web head would (path in the environment). */
function read(app: string, content: string): string {
  const file = join(dir, `${app}-${Math.random().toString(36).slice(2)}.php`);
  writeFileSync(file, content);
  const run = spawnSync('php', ['-r', settingsReaderScript(app) ?? ''], { env: { PATH: process.env.PATH, AEGIR_SETTINGS: file, AEGIR_PLATFORM: dir }, encoding: 'utf8' });
  return run.stdout;
}

describe('settings readers', () => {
  it('names the settings file of the apps it can read, none for the others', () => {
    expect(readableSettingsFile('php')).toBe('settings.php');
    expect(readableSettingsFile('mediawiki')).toBe('LocalSettings.php');
    expect(readableSettingsFile('wordpress')).toBeUndefined();
    expect(settingsReaderScript('wordpress')).toBeUndefined();
  });

  it('parses a complete set of db settings and refuses an incomplete one', () => {
    expect(parseReadSettings('{"name":"d","user":"u","password":"p","host":"h","port":"3306","salt":null}'))
      .toEqual({ name: 'd', user: 'u', password: 'p', host: 'h', port: 3306 });
    expect(parseReadSettings('{"driver":"pgsql","name":"d","user":"u","password":"p","host":"h"}')).toMatchObject({ driver: 'postgres' });
    expect(parseReadSettings('{"driver":"MySQL","name":"d","user":"u","password":"p","host":"h"}')).toMatchObject({ driver: 'mysql' });
    expect(parseReadSettings('{"driver":"sqlite","name":"d","user":"u","password":"p","host":"h"}')).toMatchObject({ driver: 'sqlite' });
    expect(parseReadSettings('{"name":null,"user":"u","password":"p","host":"h"}')).toBeUndefined();
    expect(parseReadSettings('PHP Warning: nope')).toBeUndefined();
  });

  it.runIf(hasPhp)('reads a generic PHP site settings file, ignoring what it prints', () => {
    const out = read('php', "<?php\necho 'noise';\nreturn ['db' => ['driver' => 'mysql', 'host' => '10.0.0.5', 'port' => 3306, 'name' => 'n', 'user' => 'u', 'password' => \"p'w\"], 'hash_salt' => 's'];\n");
    expect(parseReadSettings(out)).toEqual({ driver: 'mysql', name: 'n', user: 'u', password: "p'w", host: '10.0.0.5', port: 3306, salt: 's' });
  });

  it.runIf(hasPhp)("reads a MediaWiki LocalSettings.php, with the port in $wgDBserver", () => {
    const out = read('mediawiki', [
      '<?php', "if ( !defined( 'MEDIAWIKI' ) ) { exit; }", "wfLoadSkin( 'Vector' );",
      "$wgDBserver = 'db.example.net:3307';", "$wgDBname = 'wiki';", "$wgDBuser = 'wu';", "$wgDBpassword = 'wp';", "$wgSecretKey = 'k';", '',
    ].join('\n'));
    expect(parseReadSettings(out)).toEqual({ name: 'wiki', user: 'wu', password: 'wp', host: 'db.example.net', port: 3307, salt: 'k' });
  });

  it.runIf(hasPhp)('reads a MediaWiki PostgreSQL site, with the port in $wgDBport', () => {
    const out = read('mediawiki', [
      '<?php', "$wgDBtype = 'postgres';", "$wgDBserver = 'pg.example.net';", '$wgDBport = 5433;', "$wgDBname = 'w';", "$wgDBuser = 'u';", "$wgDBpassword = 'p';", '',
    ].join('\n'));
    expect(parseReadSettings(out)).toEqual({ driver: 'postgres', name: 'w', user: 'u', password: 'p', host: 'pg.example.net', port: 5433 });
  });
});
