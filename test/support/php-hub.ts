/**
 * The hub most fixture tests start from: one nginx web head (`web1`, with PHP-FPM) and a db host
 * (`db1`: MariaDB, and PostgreSQL when asked), added and verified through the real `aegir` binary,
 * with the generic PHP app as the platform `@app` (its page shows the site and the database it
 * reads).
 */
import { createAegirHub, initAndTrust, type AegirHub } from './aegir-cli.js';
import { testPlatforms, type TestPlatform } from './platforms.js';
import type { DatabaseServer, Fixture } from '../fixture/index.js';

export const PHP_ROOT = '/var/aegir/platforms/app';

export interface PhpHub {
  readonly hub: AegirHub;
  readonly platform: TestPlatform;
  readonly maria: DatabaseServer;
  /** Present when asked for (`postgres: true`): the db host's PostgreSQL, as `@pg1`. */
  readonly pg?: DatabaseServer;
}

/** Starts the web stack on web1 and the databases on db1, then the hub with @web1, @db1 (@pg1), @app. */
export async function startPhpHub(fx: Fixture, options: { readonly postgres?: boolean } = {}): Promise<PhpHub> {
  const { php: platform } = await testPlatforms(['php']);
  const web = async (): Promise<void> => {
    await fx.startPhpFpm('web1');
    await fx.startNginx('web1');
    await fx.run('web1', ['rm', '-f', '/etc/nginx/sites-enabled/default']);
    await fx.run('web1', ['mkdir', '-p', '/var/aegir/platforms']);
  };
  const [maria, pg] = await Promise.all([
    fx.startMariadb('db1'),
    options.postgres === true ? fx.startPostgres('db1') : Promise.resolve(undefined),
    web(),
  ]);
  const hub = createAegirHub();
  await initAndTrust(hub, fx);
  await hub.ok(['server', 'add', '@web1', '--host', fx.host('web1').address, '--http', 'nginx', '--accept-host-key']);
  const addDb = async (alias: string, kind: string, db: DatabaseServer): Promise<void> => {
    await hub.ok(['server', 'add', alias, '--host', db.host, '--db', kind, '--set', `db.user=${db.user}`, '--set', 'db.password=-',
      '--accept-host-key'], { stdin: `${db.password}\n` });
  };
  await addDb('@db1', 'mysql', maria);
  if (pg !== undefined) await addDb('@pg1', 'postgres', pg);
  for (const server of ['@web1', '@db1', ...(pg === undefined ? [] : ['@pg1'])]) await hub.ok(['verify', server]);
  await hub.ok(['platform', 'add', '@app', '--root', PHP_ROOT, '--app', 'php', '--web', '@web1', '--source', platform.dir]);
  await hub.ok(['verify', '@app'], { timeoutMs: 120_000 });
  return { hub, platform, maria, ...(pg === undefined ? {} : { pg }) };
}
